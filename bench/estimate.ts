// Extrapolation for the naive baseline at sizes too slow to run: per operation, a straight
// line a + b*N through the measured sizes (least squares with a, b >= 0; through the origin
// when only one size was measured). The naive provider's cost per object is constant (a fresh
// shell and a session per call, one Get per object), so a line is its natural model. It leaves
// out Pulumi's own per-step checkpoint cost, which grows with the square of the stack size (see
// umlync's 1000-user rows), so at 1000 users it understates the naive time.

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
  // Cost doesn't fall with more users: a negative slope is noise (e.g. a no-op preview).
  if (b < 0) return { a: sy / k, b: 0 };
  const a = (sy - b * sx) / k;
  return a >= 0 ? { a, b } : { a: 0, b: sxy / sxx };
}

export function predict(points: readonly Point[], n: number): number {
  const { a, b } = fitLine(points);
  return Math.round(a + b * n);
}
