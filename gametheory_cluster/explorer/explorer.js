// The explorer page's slider callback (Bokeh CustomJS; the arguments are the sliders and
// the data sources). It applies the rule of DerivedConditions.delta_star and .reading
// (gametheory_cluster/explorer/conditions.py), with the same constants, to the engine's
// derived conditions, which page.py puts in place of the engine placeholder as JavaScript printed
// by sympy's code printer. Nothing here is a formula of a model.

const E = __ENGINE__;
const TARGET = __TARGET__, X = __X__;
const TOL = __TOL__, SCAN = __SCAN__, BISECTIONS = __BIS__, EDGE = __EDGE__;
const STATUS = ["threshold", "threshold", "always", "never", "two-sided"];

function holdsAt(P, d) {
  const Q = Object.assign({}, P); Q[TARGET] = d;
  for (let i = 0; i < E.slacks.length; i++)
    if (E.involved[i] && !(E.slacks[i](Q) >= -TOL)) return false;
  return true;
}
function bisect(P, lo, hi, rising) {
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (lo + hi) / 2;
    if (holdsAt(P, mid) === rising) hi = mid; else lo = mid;
  }
  return rising ? hi : lo;
}
function scan(P) {
  const step = (1 - 2 * EDGE) / SCAN, grid = [], h = [];
  for (let k = 0; k <= SCAN; k++) { grid.push(k * step + EDGE); h.push(holdsAt(P, grid[k])); }
  if (h.every(Boolean)) return [0, 2];
  if (!h.some(Boolean)) return [NaN, 3];
  let rising = true, falling = true;
  for (let k = 1; k <= SCAN; k++) { if (h[k] < h[k - 1]) rising = false; if (h[k] > h[k - 1]) falling = false; }
  if (rising) { const k = h.indexOf(true); return [bisect(P, grid[k - 1], grid[k], true), 0]; }
  if (falling) { const k = h.lastIndexOf(true); return [bisect(P, grid[k], grid[k + 1], false), 1]; }
  return [NaN, 4];
}
function deltaStar(P) {
  for (let i = 0; i < E.slacks.length; i++)
    if (!E.involved[i] && !(E.slacks[i](P) >= -TOL)) return [NaN, 3];
  for (const r of E.requires) if (!(r(P) >= -TOL)) return [NaN, 3];
  if (E.threshold !== null) {
    const raw = E.threshold(P);
    let valid = Number.isFinite(raw);
    for (const v of E.valid) valid = valid && v(P) > 0;
    if (valid) {
      if (E.direction === ">=") {
        if (raw >= 1) return [NaN, 3];
        if (raw <= 0) return [0, 2];
        return [raw, 0];
      }
      if (raw <= 0) return [NaN, 3];
      if (raw >= 1) return [0, 2];
      return [raw, 1];
    }
  }
  return scan(P);
}
function axis(s, n) {
  const out = [];
  if (s.tags[1] === "integer") { for (let v = s.start; v <= s.end + 0.5; v += 1) out.push(v); return out; }
  const step = (s.end - s.start) / (n - 1);
  for (let k = 0; k < n; k++) out.push(k * step + s.start);
  return out;
}
function fmt(v) { return Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v); }

const P = {}; let xs = null, xm = null, ds = null;
for (const s of sliders) {
  P[s.tags[0]] = s.value;
  if (s.tags[0] === X) { xs = axis(s, __CURVE__); xm = axis(s, __MAP__); }
  if (s.tags[0] === TARGET) ds = axis(s, __MAP__);
}
const [star, code] = deltaStar(P);
const slacks = E.slacks.map((f) => f(P));
const honest = slacks.every((s) => s >= -TOL);
let k = -1;
if (slacks.length) {
  if (honest && code <= 1) {
    const Q = Object.assign({}, P); Q[TARGET] = star;
    let best = Infinity;
    E.slacks.forEach((f, i) => { if (E.involved[i]) { const v = f(Q); if (v < best) { best = v; k = i; } } });
  } else {
    k = slacks.indexOf(Math.min(...slacks));
  }
}
// the threshold curve, and the region map in (x, delta)
const curve = xs.map((x) => { const Q = Object.assign({}, P); Q[X] = x; return deltaStar(Q)[0]; });
curve_source.data = {x: xs, y: curve};
point_source.data = {x: [P[X]], y: [P[TARGET]]};
star_source.data = {x: code <= 2 ? [P[X]] : [], y: code <= 2 ? [star] : []};
const image = map_source.data.image[0];  // an ndarray (rows: delta, columns: x), filled in place
ds.forEach((d, i) => xm.forEach((x, j) => {
  const Q = Object.assign({}, P); Q[X] = x; Q[TARGET] = d;
  image[i * xm.length + j] = E.slacks.every((f) => f(Q) >= -TOL) ? 1 : 0;
}));
map_source.change.emit();
// the numbers, in plain DOM elements a reader (or a test) can read
const status = STATUS[code];
const out = document.getElementById("delta-star");
out.dataset.value = code <= 2 ? String(star) : "";
out.dataset.status = status;
out.textContent = code <= 1 ? "δ* = " + star.toPrecision(10) + "  (honest for δ " + (code === 0 ? "≥" : "≤") + " δ*)"
  : code === 2 ? "δ* = 0  (every δ in (0, 1) works)"
  : code === 3 ? "no δ in (0, 1) works" : "δ must lie in a bounded interval";
document.getElementById("point").dataset.json = JSON.stringify(P);
document.getElementById("point").textContent = Object.entries(P).map(([n, v]) => n + " = " + fmt(v)).join(", ");
document.getElementById("verdict").textContent = honest
  ? "Honest repayment is subgame perfect at this point."
  : "Honest repayment is NOT subgame perfect at this point.";
document.getElementById("binding").textContent = k < 0 ? "none"
  : E.words[k] + " (slack " + fmt(slacks[k]) + (slacks[k] < -TOL ? ": fails here)" : ")");
