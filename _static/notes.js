/* Notes beside their text, in place, and in print (registered by _ext/sinosoviet/theme/notes.py).
 *
 * sphinx-book-theme writes each footnote as a sidenote: a number (a <label> for a hidden checkbox)
 * and the note (<span class="sidenote">) inside the paragraph that cites it. Without this script
 * notes.css keeps that working: floats in the margin of a wide window, notes a tap on the number
 * opens elsewhere, every note's text in print. With it:
 *
 * - the number becomes a real <button aria-expanded aria-controls>: Enter, Space, a tap or a click
 *   opens the note in place where the margin cannot hold it (notes.css says where: the custom
 *   property --notes-layout is "margin" or "inline"); Escape closes it and the focus goes back to
 *   the number;
 * - in the margin each note starts level with its reference, pushed down only by the note above
 *   (a layout pass after load, after the fonts arrive, and whenever the article changes size);
 * - long notes and short notes differ. A source note (a citation, a page) is short and stands
 *   whole in the margin. A commentary note (reasoning, the original Chinese) can run to fifteen
 *   lines, and whole it would push every later note screens away from its reference. So a long
 *   note (taller than LONG_LINES of its lines: measured, not declared) that would reach below the
 *   next note's reference shows the lines that fit above it (at least SHORT_LINES) and a "more"
 *   button, which opens the rest in place (pushing only the notes below); with room beside the
 *   text it stands whole.
 *   A note is never shortened where it opens in place or in print;
 * - for print, the notes are collected after the chapter as numbered endnotes (notes.css shows
 *   them only in print, and hides the notes in the text there).
 */
(() => {
  "use strict";

  /** A shortened note shows this many lines. */
  const SHORT_LINES = 5;
  /** A note taller than this many of its lines is long: shortened in the margin where it would
   * crowd the next note (shortening a note by less than two lines would save nothing). */
  const LONG_LINES = SHORT_LINES + 2;
  /** Space (px) between a note and the note above it. */
  const GAP = 12;
  /** The script's few words, in the page's language (the Chinese edition's <html lang="zh-CN">). */
  const WORDS = {
    en: {note: (n) => `Note ${n}`, more: "more", less: "less", notes: "Notes"},
    zh: {note: (n) => `注${n}`, more: "展开", less: "收起", notes: "注释"},
  };
  const say = WORDS[(document.documentElement.lang || "en").slice(0, 2)] || WORDS.en;

  const layoutMode = () =>
    getComputedStyle(document.documentElement).getPropertyValue("--notes-layout").trim() || "inline";

  /** The theme's notes, each with the label and checkbox that stand before it. */
  function theNotes(article) {
    return [...article.querySelectorAll("input.margin-toggle + span.sidenote")].map((note) => {
      const input = note.previousElementSibling;
      const label = article.querySelector(`label.margin-toggle[for="${CSS.escape(input.id)}"]`);
      return {note, input, label};
    }).filter(({label}) => label);
  }

  /** Replace the theme's label and checkbox by a button that opens and closes the note. */
  function enhance({note, input, label}, index) {
    const number = label.textContent.trim();
    note.id = `note-${input.id.replace(/^sidenote-role-/, "")}`;
    note.dataset.number = number;
    note.setAttribute("role", "note");
    note.setAttribute("aria-label", say.note(number));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "note-ref";
    button.setAttribute("aria-controls", note.id);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", say.note(number));
    const sup = document.createElement("sup");
    sup.textContent = number;
    button.append(sup);
    const anchor = label.querySelector("[id]");  // the theme's target of the note's back-link
    if (anchor) button.id = anchor.id;
    label.replaceWith(button);
    input.remove();
    const more = document.createElement("button");
    more.type = "button";
    more.className = "note-more";
    more.setAttribute("aria-controls", note.id);
    more.setAttribute("aria-expanded", "false");
    more.textContent = say.more;
    note.append(more);
    return {note, button, more, index, number};
  }

  function setOpen(entry, open) {
    entry.note.classList.toggle("note-open", open);
    sync(entry);
  }

  /** The buttons say what a reader sees: is all of the note shown? */
  function sync({note, button, more, number}) {
    const inline = !inMargin();
    const open = note.classList.contains("note-open");
    const long = note.classList.contains("note-long");
    button.setAttribute("aria-expanded", String(inline ? open : !long || open));
    more.setAttribute("aria-expanded", String(open));
    more.textContent = open ? say.less : say.more;
    more.setAttribute("aria-label", `${more.textContent} of note ${number}`);
    more.hidden = inline || !long;
  }

  const inMargin = () => document.documentElement.classList.contains("notes-in-margin");

  /** Where margin notes go, relative to the article: from a gap after the text to the window's
   * edge, at most a comfortable measure; none when the CSS says "inline" or the room is too narrow
   * for a note (then the notes open in place). */
  function marginOf(article) {
    if (layoutMode() !== "margin") return null;
    const origin = article.getBoundingClientRect();
    const text = (article.querySelector("section") || article).getBoundingClientRect();
    const em = parseFloat(getComputedStyle(article).fontSize) || 16;
    const gap = Math.max(1.5 * em, 0.03 * text.width);
    const room = document.documentElement.clientWidth - text.right - gap - em;
    if (room < 10 * em) return null;
    return {origin, left: text.right - origin.left + gap, width: Math.min(room, 20 * em)};
  }

  /** In the margin: each note level with its reference, or just below the note above. */
  function layout(article, entries) {
    for (const {note} of entries) {
      note.style.top = note.style.left = note.style.width = "";
      note.classList.remove("note-long");
    }
    article.style.minHeight = "";
    const margin = marginOf(article);
    document.documentElement.classList.toggle("notes-in-margin", Boolean(margin));
    if (margin) {
      const wants = entries.map(({button}) =>
        button.getBoundingClientRect().top - margin.origin.top);
      let floor = -Infinity;
      entries.forEach(({note}, index) => {
        note.style.left = `${margin.left}px`;
        note.style.width = `${margin.width}px`;
        const line = parseFloat(getComputedStyle(note).lineHeight) || 20;
        const top = Math.max(wants[index], floor + GAP);
        const full = note.scrollHeight;
        const next = index + 1 < entries.length ? wants[index + 1] : Infinity;
        if (full > LONG_LINES * line
            && (note.classList.contains("note-open") || top + full + GAP > next)) {
          note.classList.add("note-long");
          // As many lines as stand before the next reference (less the "more" button's), and
          // never fewer than SHORT_LINES.
          const lines = Math.max(SHORT_LINES, Math.floor((next - top - GAP) / line) - 2);
          note.style.setProperty("--note-short", `${lines * line}px`);
        }
        note.style.top = `${top}px`;
        floor = top + note.getBoundingClientRect().height;
      });
      if (floor > margin.origin.height) article.style.minHeight = `${Math.ceil(floor + GAP)}px`;
    }
    entries.forEach(sync);
  }

  /** The notes again after the chapter, numbered, for print. */
  function endnotes(article, entries) {
    const section = document.createElement("section");
    section.className = "notes-endnotes";
    const heading = document.createElement("h2");
    heading.textContent = say.notes;
    const list = document.createElement("ol");
    for (const {note, number} of entries) {
      const item = document.createElement("li");
      if (/^\d+$/.test(number)) item.value = Number(number);
      const copy = note.cloneNode(true);
      copy.querySelector(":scope > sup")?.remove();
      copy.querySelector(":scope > .note-more")?.remove();
      copy.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
      item.append(...copy.childNodes);
      list.append(item);
    }
    section.append(heading, list);
    article.append(section);  // a copy for paper: notes.css shows it only in print
  }

  function start() {
    const article = document.querySelector("article.bd-article");
    if (!article) return;
    const found = theNotes(article);
    if (!found.length) return;
    // For a note cited inside a container (an admonition, a card), the theme writes the note twice:
    // a copy before the container, for its CSS margin, and the one after the number, hidden
    // ("d-n"). Here the one after the number is the note; the copy goes.
    for (const copy of article.querySelectorAll("span.sidenote")) {
      if (!found.some(({note}) => note === copy)) copy.remove();
    }
    found.forEach(({note}) => note.classList.remove("d-n"));
    const entries = found.map(enhance);
    document.documentElement.classList.add("notes-js");
    endnotes(article, entries);

    // Laid out at once on each event (the browser already paces resize and ResizeObserver to its
    // frames; a pass only measures and sets positions, which no observer here watches).
    const relayout = () => layout(article, entries);
    for (const entry of entries) {
      entry.button.addEventListener("click", () => {
        if (!inMargin() || entry.note.classList.contains("note-long")) {
          setOpen(entry, !entry.note.classList.contains("note-open"));
          relayout();
        }
      });
      entry.more.addEventListener("click", () => {
        setOpen(entry, !entry.note.classList.contains("note-open"));
        relayout();
        if (!entry.note.classList.contains("note-open")) entry.more.focus();
      });
    }
    // Escape closes the open note the focus is in (or on the number of), and the focus goes back
    // to the number: the reader is where they were in the text.
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      const here = document.activeElement;
      const entry = entries.find(({note, button}) => note.contains(here) || button === here);
      if (!entry || !entry.note.classList.contains("note-open")) return;
      setOpen(entry, false);
      relayout();
      entry.button.focus();
      event.preventDefault();
    });
    layout(article, entries);
    new ResizeObserver(relayout).observe(article.querySelector("section") || article);
    window.addEventListener("resize", relayout);
    window.addEventListener("load", relayout);
    document.fonts?.ready.then(relayout);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
