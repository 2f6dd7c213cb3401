/* A checked fact's provenance, opened beside the fact (checks/provenance.py writes the popovers).

   A fact names its popover with aria-describedby; the popovers wait, hidden, at the end of the page.
   - Hover (a mouse): opens after a short pause, and stays open while the pointer is on the fact or
     the popover, so that its links can be reached.
   - Keyboard focus: opens at once. The popover is moved to follow the fact in the document, so Tab
     goes on into its links; it closes when focus leaves both.
   - Tap (touch, pen): the first tap opens it; a second tap follows the fact's link to its row.
   - Escape closes it (and brings focus back to the fact); so does a tap or click elsewhere.
   Without this script the fact is a link to its registry row, and a screen reader reads the
   popover's text as the fact's description. */
(() => {
  "use strict";

  const TRIGGER = '[aria-describedby^="fact-popover-"]';
  const OPEN_DELAY = 150;   // ms: the pointer passing over a fact does not open it
  const CLOSE_DELAY = 300;  // ms: time to move the pointer from the fact into the popover
  const GAP = 6;            // px between the fact and its popover
  const MARGIN = 8;         // px kept free at the edges of the window

  let open = null;          // {trigger, popover} shown now
  let timer = 0;
  let touchOpened = false;  // whether the popover was already open when a tap on its fact began
  let pointer = "mouse";

  const popoverOf = (trigger) => document.getElementById(trigger.getAttribute("aria-describedby"));
  const within = (node, element) => element !== null && element.contains(node);
  const inOpen = (node) => open !== null && (within(node, open.trigger) || within(node, open.popover));

  function place() {
    if (open === null) return;
    const {trigger, popover} = open;
    const rects = trigger.getClientRects();
    if (!rects.length) return;
    const first = rects[0];
    const last = rects[rects.length - 1];
    const width = popover.offsetWidth;
    const height = popover.offsetHeight;
    const room = document.documentElement.clientWidth;
    const left = Math.max(MARGIN, Math.min(last.left, room - width - MARGIN));
    let top = last.bottom + GAP;
    if (top + height > window.innerHeight - MARGIN && first.top - GAP - height >= MARGIN) {
      top = first.top - GAP - height;  // no room below: above the fact
    }
    popover.style.left = `${left}px`;
    popover.style.top = `${top}px`;
  }

  function show(trigger) {
    clearTimeout(timer);
    if (open !== null && open.trigger === trigger) return;
    hide();
    const popover = popoverOf(trigger);
    if (popover === null) return;
    trigger.after(popover);  // in the reading and Tab order: right after the fact
    popover.hidden = false;
    popover.classList.add("fact-popover-open");
    open = {trigger, popover};
    place();
  }

  function hide() {
    clearTimeout(timer);
    if (open === null) return;
    open.popover.hidden = true;
    open.popover.classList.remove("fact-popover-open");
    open = null;
  }

  function later(action, delay) {
    clearTimeout(timer);
    timer = setTimeout(action, delay);
  }

  document.addEventListener("pointerover", (event) => {
    pointer = event.pointerType || "mouse";
    if (pointer !== "mouse") return;
    if (inOpen(event.target)) {
      clearTimeout(timer);  // back on the fact or into its popover: it stays
      return;
    }
    const trigger = event.target.closest(TRIGGER);
    if (trigger !== null) later(() => show(trigger), OPEN_DELAY);
  });

  document.addEventListener("pointerout", (event) => {
    if ((event.pointerType || "mouse") !== "mouse") return;
    if (open !== null && inOpen(event.target) && !inOpen(event.relatedTarget)) {
      if (!within(document.activeElement, open.trigger) &&
          !within(document.activeElement, open.popover)) {
        later(hide, CLOSE_DELAY);
      }
    } else if (open === null && event.target.closest(TRIGGER) !== null) {
      clearTimeout(timer);  // left before it opened
    }
  });

  document.addEventListener("pointerdown", (event) => {
    pointer = event.pointerType || "mouse";
    const trigger = event.target.closest(TRIGGER);
    touchOpened = trigger !== null && open !== null && open.trigger === trigger;
    if (open !== null && !inOpen(event.target)) hide();
  });

  document.addEventListener("click", (event) => {
    const trigger = event.target.closest(TRIGGER);
    if (trigger === null || pointer === "mouse") return;
    if (!touchOpened) {  // the first tap opens; the second follows the link
      event.preventDefault();
      show(trigger);
    }
  });

  document.addEventListener("focusin", (event) => {
    const trigger = event.target.closest && event.target.closest(TRIGGER);
    if (trigger !== null && trigger === event.target && !trigger.dataset.factDismissed) {
      show(trigger);
    }
  });

  document.addEventListener("focusout", (event) => {
    if (event.target.dataset) delete event.target.dataset.factDismissed;
    if (open !== null && inOpen(event.target) && !inOpen(event.relatedTarget)) {
      if (event.relatedTarget !== null || pointer !== "mouse") hide();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || open === null) return;
    const trigger = open.trigger;
    const focused = within(document.activeElement, open.popover);
    hide();
    if (focused) {
      trigger.dataset.factDismissed = "1";  // focus returns to the fact without opening it again
      trigger.focus();
    }
    event.preventDefault();
  });

  let frame = 0;
  const follow = () => {
    if (open === null || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      place();
    });
  };
  window.addEventListener("scroll", follow, {capture: true, passive: true});
  window.addEventListener("resize", follow, {passive: true});
})();
