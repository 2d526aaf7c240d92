// Layout and accessibility checks, run in the page by tests/e2e/checks.py.
const visible = (el) => {
  if (!el || !el.isConnected) return false;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
};
const roots = (selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => !el.parentElement.closest(selector));
const describe = (el) => {
  const cls = (el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className) || '';
  const text = (el.innerText || el.value || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  return `${el.tagName.toLowerCase()}.${String(cls).split(' ').filter(Boolean).join('.')} «${text}»`;
};

function labels(selector) {
  const problems = [];
  const labelText = (el) => {
    const parts = [];
    for (const label of Array.from(el.labels || [])) {
      if (visible(label) && label.innerText.trim()) {
        if (label.scrollWidth > label.clientWidth + 1 && getComputedStyle(label).overflow !== 'visible') {
          problems.push(`label cut short: ${describe(label)}`);
        }
        parts.push(label.innerText.trim());
      }
    }
    const by = el.getAttribute('aria-labelledby');
    if (by) for (const id of by.split(/\s+/)) {
      const ref = document.getElementById(id);
      if (visible(ref) && ref.innerText.trim()) parts.push(ref.innerText.trim());
    }
    if (el.getAttribute('role') === 'slider') {
      const box = el.closest('.widget-slider, .jupyter-widget-slider, .widget-hslider, .widget-vslider');
      const label = box && box.querySelector(':scope > label.widget-label');
      if (visible(label) && label.innerText.trim()) parts.push(label.innerText.trim());
    }
    return parts.join(' ');
  };
  let count = 0;
  for (const root of roots(selector)) {
    for (const el of root.querySelectorAll(
      'input:not([type=hidden]), select, textarea, [role=slider], button')) {
      if (!visible(el)) continue;
      count += 1;
      const text = el.tagName === 'BUTTON' ? (el.innerText.trim() || el.getAttribute('aria-label') || '')
                                           : labelText(el);
      if (!text) problems.push(`no visible label: ${describe(el)}`);
    }
  }
  return {count, problems};
}

function contrast(selector) {
  const rgba = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const lin = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const problems = [];
  let count = 0;
  for (const root of roots(selector)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml' || el.tagName === 'OPTION') continue;
      const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
      const field = ['SELECT', 'TEXTAREA'].includes(el.tagName) || (el.tagName === 'INPUT' && el.value);
      if (!(ownText || field) || !visible(el) || el.closest('[disabled], .mod-disabled')) continue;
      const style = getComputedStyle(el);
      const bg = background(el);
      const fg = over(rgba(style.color), bg);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const measured = ratio(fg, bg);
      count += 1;
      if (measured < needed) problems.push(`${describe(el)}: ${measured.toFixed(2)}:1 < ${needed}:1 (${style.color} on rgb(${bg.slice(0, 3).join(',')}))`);
    }
  }
  return {count, problems};
}

function layout(selector) {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const scroller = document.getElementById('rendered_cells') || document.scrollingElement;
  if (scroller.scrollWidth > scroller.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${scroller.scrollWidth}px in ${scroller.clientWidth}px`);
  }
  let buttons = 0;
  for (const root of roots(selector)) {
    if (root.scrollWidth > root.clientWidth + 1 && getComputedStyle(root).overflowX !== 'visible') {
      problems.push(`widget scrolls sideways: ${describe(root)} ${root.scrollWidth}px in ${root.clientWidth}px`);
    }
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!visible(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > width + 1) {
        problems.push(`outside the window (${Math.round(r.left)}..${Math.round(r.right)} of ${width}px): ${describe(el)}`);
      }
    }
    for (const button of root.querySelectorAll('button')) {
      if (!button.checkVisibility()) continue;  // in a closed tab or accordion panel: not shown, rightly
      if (!visible(button)) { problems.push(`button not visible: ${describe(button)}`); continue; }
      buttons += 1;
      if (button.scrollWidth > button.clientWidth + 1) problems.push(`button text cut short: ${describe(button)}`);
    }
  }
  return {buttons, problems};
}
