import { MarkerAction, MarkerType, quaternionFromYaw, type ColorRGBA, type Marker, type Vector3 } from '../../ros/messages.ts';

/** visualization_msgs/Marker with every field a real ROS subscriber expects. */
export type FullMarker = Marker & {
  lifetime: { sec: number; nanosec: number };
  frame_locked: boolean;
  colors: ColorRGBA[];
  mesh_resource: string;
  mesh_use_embedded_materials: boolean;
};

export const COLORS = {
  edge: { r: 0.95, g: 0.95, b: 0.95, a: 1 },
  centre: { r: 1, g: 0.8, b: 0.1, a: 1 },
  obstacle: { r: 0.85, g: 0.3, b: 0.2, a: 1 },
  trunk: { r: 0.45, g: 0.3, b: 0.15, a: 1 },
  corridor: { r: 0.3, g: 0.7, b: 1, a: 0.8 },
  goal: { r: 0.2, g: 0.9, b: 0.3, a: 0.8 },
} satisfies Record<string, ColorRGBA>;

function base(ns: string, id: number, type: number): FullMarker {
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'odom' },
    ns, id, type,
    action: MarkerAction.ADD,
    pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    scale: { x: 1, y: 1, z: 1 },
    color: { r: 1, g: 1, b: 1, a: 1 },
    lifetime: { sec: 0, nanosec: 0 },
    frame_locked: false,
    points: [],
    colors: [],
    text: '',
    mesh_resource: '',
    mesh_use_embedded_materials: false,
  };
}

/** Clears markers from an earlier world, so viewers show only the current one. */
export function deleteAllMarker(): FullMarker {
  return { ...base('', 0, MarkerType.CUBE), action: MarkerAction.DELETEALL };
}

export function lineStrip(ns: string, id: number, points: Vector3[], color: ColorRGBA, width: number): FullMarker {
  return { ...base(ns, id, MarkerType.LINE_STRIP), points, color, scale: { x: width, y: 0, z: 0 } };
}

/** A solid standing on the ground (z = 0), `height` tall. */
export function solid(
  ns: string, id: number, type: 'cube' | 'cylinder',
  at: { x: number; y: number; yaw: number }, size: { x: number; y: number; z: number }, color: ColorRGBA,
): FullMarker {
  return {
    ...base(ns, id, type === 'cube' ? MarkerType.CUBE : MarkerType.CYLINDER),
    pose: { position: { x: at.x, y: at.y, z: size.z / 2 }, orientation: quaternionFromYaw(at.yaw) },
    scale: size,
    color,
  };
}
