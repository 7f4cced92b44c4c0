import { boundingRadius, type Shape } from './geometry.ts';

/**
 * A uniform hash grid over static shapes, so collision checks and ray casts look only
 * at what is near the robot instead of at the whole world.
 */
export class SpatialGrid<T extends Shape> {
  private readonly cells = new Map<string, number[]>();
  private readonly stamps: Uint32Array;
  private stamp = 0;

  constructor(readonly shapes: readonly T[], private readonly cellSize = 8) {
    if (!(cellSize > 0)) throw new Error(`SpatialGrid: cellSize must be positive, got ${cellSize}`);
    this.stamps = new Uint32Array(shapes.length);
    shapes.forEach((shape, index) => {
      const r = boundingRadius(shape);
      this.forCells(shape.x - r, shape.y - r, shape.x + r, shape.y + r, (key) => {
        let list = this.cells.get(key);
        if (!list) this.cells.set(key, (list = []));
        list.push(index);
      });
    });
  }

  /** Shapes whose bounding circle may come within `radius` of (x, y); each at most once. */
  near(x: number, y: number, radius: number): T[] {
    const out: T[] = [];
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    this.forCells(x - radius, y - radius, x + radius, y + radius, (key) => {
      for (const index of this.cells.get(key) ?? []) {
        if (this.stamps[index] === this.stamp) continue;
        this.stamps[index] = this.stamp;
        const shape = this.shapes[index];
        if (shape) out.push(shape);
      }
    });
    return out;
  }

  private forCells(x0: number, y0: number, x1: number, y1: number, fn: (key: string) => void): void {
    const i0 = Math.floor(x0 / this.cellSize), i1 = Math.floor(x1 / this.cellSize);
    const j0 = Math.floor(y0 / this.cellSize), j1 = Math.floor(y1 / this.cellSize);
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) fn(`${i},${j}`);
  }
}
