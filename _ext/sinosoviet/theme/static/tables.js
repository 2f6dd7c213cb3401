// Tables (and charts) wider than the column: mark the container that scrolls them, so that
// book-theme.css shows a scroll cue and fades the edge where more lies. Registered by
// _ext/sinosoviet/theme/assets.py.
(() => {
  const SCROLLERS = ".pst-scrollable-table-container, figure.registry-figure";
  const mark = (box) => {
    const more = box.scrollWidth - box.clientWidth > 1;
    if (more && !box.hasAttribute("tabindex")) box.tabIndex = 0;  // scrolled by the keyboard too
    box.classList.toggle("scrolls", more);
    box.classList.toggle("scrolled-start", more && box.scrollLeft > 1);
    box.classList.toggle("scrolled-end",
      more && box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  };
  const markAll = () => document.querySelectorAll(SCROLLERS).forEach(mark);
  const start = () => {
    document.querySelectorAll(SCROLLERS).forEach((box) =>
      box.addEventListener("scroll", () => mark(box), { passive: true }));
    markAll();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("resize", markAll);
  window.addEventListener("load", markAll);
})();
