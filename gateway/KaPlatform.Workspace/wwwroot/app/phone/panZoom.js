// Pan and zoom for a drawn SVG (the power map's org chart) with pointer events, so a mouse, a pen and fingers all work:
// drag to pan, pinch or the wheel to zoom around the fingers / the cursor, buttons for zoom in/out and "fit" (reset).
// The view is the SVG's viewBox; nothing is redrawn. A tap or click that did not move still reaches the node under it,
// so selecting a person keeps working. The box has a bounded height, so the page itself still scrolls around it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { defineStrings } from '../common.js';

defineStrings({
  'pz.zoomIn': ['Zoom in', '放大'],
  'pz.zoomOut': ['Zoom out', '缩小'],
  'pz.reset': ['Fit to view', '适应窗口'],
  'pz.hint': ['Drag to move, pinch or scroll to zoom.', '拖动可平移，双指或滚轮可缩放。'],
});

const DRAG_THRESHOLD = 6;   // px a pointer must travel before a press becomes a pan (below: a click)
const MIN_HEIGHT = 260;

/**
 * Makes `box` (holding one <svg>) a pan-and-zoom viewport for a drawing of `width` × `height` user units.
 * Returns the box, with `box.view()` ({x, y, k}) and `box.reset()` for tests and callers.
 */
export function panZoom(box, { width, height }) {
  const svg = box.querySelector('svg');
  box.classList.add('pz-viewport');
  let view = { x: 0, y: 0, k: 1 };
  let touched = false;
  let fitK = 1;

  const size = () => ({ w: box.clientWidth || width, h: box.clientHeight || height });
  const apply = () => {
    const { w, h: ht } = size();
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${w / view.k} ${ht / view.k}`);
    box.dataset.zoom = view.k.toFixed(3);
  };
  const clampK = k => Math.min(Math.max(k, fitK * 0.5), Math.max(4, fitK * 4));
  const zoomAt = (factor, px, py) => {
    const k = clampK(view.k * factor);
    const cx = view.x + px / view.k;
    const cy = view.y + py / view.k;
    view = { x: cx - px / k, y: cy - py / k, k };
    touched = true;
    apply();
  };
  const center = () => { const { w, h: ht } = size(); return [w / 2, ht / 2]; };

  /** The box's height follows the drawing at the width it has, within [MIN_HEIGHT, 70 % of the screen]. */
  const fitHeight = () => {
    const w = box.clientWidth || width;
    const scale = Math.min(1, w / width);
    box.style.height = `${Math.round(Math.min(Math.max(height * scale, MIN_HEIGHT), window.innerHeight * 0.7))}px`;
  };
  const reset = () => {
    fitHeight();
    const { w, h: ht } = size();
    fitK = Math.min(w / width, ht / height, 1);
    view = { k: fitK, x: (width - w / fitK) / 2, y: (height - ht / fitK) / 2 };
    touched = false;
    apply();
  };

  // Pointers currently down, and whether this press has become a pan (then its click is swallowed).
  const pointers = new Map();
  let panning = false;
  let pinch = null;
  const point = e => { const r = box.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };

  box.addEventListener('pointerdown', e => {
    if (e.target.closest('.pz-controls')) return;
    pointers.set(e.pointerId, { start: point(e), last: point(e) });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()].map(p => p.last);
      pinch = { dist: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
      panning = true;
    }
  });
  box.addEventListener('pointermove', e => {
    const p = pointers.get(e.pointerId);
    if (!p) return;
    const now = point(e);
    if (pointers.size >= 2 && pinch) {
      p.last = now;
      const [a, b] = [...pointers.values()].slice(0, 2).map(q => q.last);
      const dist = Math.hypot(a[0] - b[0], a[1] - b[1]) || 1;
      const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      view.x -= (mid[0] - pinch.mid[0]) / view.k;
      view.y -= (mid[1] - pinch.mid[1]) / view.k;
      zoomAt(dist / pinch.dist, mid[0], mid[1]);
      pinch = { dist, mid };
      return;
    }
    if (!panning && Math.hypot(now[0] - p.start[0], now[1] - p.start[1]) < DRAG_THRESHOLD) return;
    if (!panning) {
      panning = true;
      box.setPointerCapture(e.pointerId);
      box.classList.add('dragging');
    }
    view.x -= (now[0] - p.last[0]) / view.k;
    view.y -= (now[1] - p.last[1]) / view.k;
    p.last = now;
    touched = true;
    apply();
  });
  const end = e => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 0) {
      box.classList.remove('dragging');
      // The click that ends a pan comes right after pointerup; let it be swallowed, then reset the flag.
      setTimeout(() => { panning = false; }, 0);
    }
  };
  box.addEventListener('pointerup', end);
  box.addEventListener('pointercancel', end);
  box.addEventListener('click', e => { if (panning) { e.stopPropagation(); e.preventDefault(); } }, true);
  box.addEventListener('wheel', e => {
    e.preventDefault();
    const [px, py] = point(e);
    // Trackpad pinches arrive as wheel events with ctrlKey and small deltas.
    zoomAt(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), px, py);
  }, { passive: false });

  const button = (cls, text, labelKey, onClick) =>
    h('button', { type: 'button', class: cls, 'aria-label': t(labelKey), title: t(labelKey), onClick }, text);
  box.prepend(h('div', { class: 'pz-controls' },
    button('pz-in', '+', 'pz.zoomIn', () => zoomAt(1.4, ...center())),
    button('pz-out', '−', 'pz.zoomOut', () => zoomAt(1 / 1.4, ...center())),
    button('pz-reset', '⤢', 'pz.reset', reset)));

  // Drawn once the box is in the page (its width is known); redrawn when the width changes and the user has not moved it.
  new ResizeObserver(() => { if (!touched) reset(); else apply(); }).observe(box);
  box.view = () => ({ ...view });
  box.reset = reset;
  return box;
}

export function panZoomHint() {
  return h('p', { class: 'muted small pz-hint' }, t('pz.hint'));
}
