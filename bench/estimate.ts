// Extrapolation for the naive baseline at sizes too slow to run: per operation, a straight
// line a + b*N through the measured sizes (least squares; through the origin when only one
// size was measured). The naive provider's cost per object is constant (a fresh shell and a
// session per call, one Get per object), so a line is its natural model.

export interface Point {
  n: number;
  y: number;
}

export function fitLine(points: readonly Point[]): { a: number; b: number } {
  if (points.length === 0) return { a: 0, b: 0 };
  if (points.length === 1) return { a: 0, b: points[0].y / points[0].n };
  const k = points.length;
  const sx = points.reduce((s, p) => s + p.n, 0);
  const sy = points.reduce((s, p) => s + p.y, 0);
  const sxx = points.reduce((s, p) => s + p.n * p.n, 0);
  const sxy = points.reduce((s, p) => s + p.n * p.y, 0);
  const b = (k * sxy - sx * sy) / (k * sxx - sx * sx);
  const a = (sy - b * sx) / k;
  return { a: Math.max(0, a), b };
}

export function predict(points: readonly Point[], n: number): number {
  const { a, b } = fitLine(points);
  return Math.round(a + b * n);
}
