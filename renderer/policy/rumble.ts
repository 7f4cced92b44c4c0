interface Rumbler {
  playEffect?(type: string, params: { duration: number; strongMagnitude: number; weakMagnitude: number }): Promise<unknown>;
}

/**
 * A short rumble on browser gamepads that have it (the Gamepad API's vibrationActuator),
 * alongside the beep. Pads read by the app over HID are the core's to rumble.
 */
export function rumbleBrowserPads(nav: Navigator): void {
  let pads: ReadonlyArray<Gamepad | null>;
  try {
    pads = nav.getGamepads?.() ?? [];
  } catch {
    return;
  }
  for (const pad of pads) {
    const actuator = (pad as (Gamepad & { vibrationActuator?: Rumbler | null }) | null)?.vibrationActuator;
    // A pad that refuses (no rumble motor, page not focused) is no reason to miss the visual cue.
    actuator?.playEffect?.('dual-rumble', { duration: 250, strongMagnitude: 0.7, weakMagnitude: 0.5 })?.catch(() => undefined);
  }
}
