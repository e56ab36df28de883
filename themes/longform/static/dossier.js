// longform: small enhancements. Everything on the page works without this file.
// - Entity popovers: on a touch screen the first tap on a name shows its summary and a second tap
//   follows the link (a tap on the summary's sheet, which may cover the name on a phone, counts as
//   a tap on the name); Escape hides a popover shown by hover or focus (WCAG 1.4.13), and a tap
//   elsewhere hides it too.
// - Grouped pages (grouped.html): the filter link of the group shown is marked as current.
//   The words under an open popover come from the page (the theme's i18n table, on the script
//   element as data-i18n-open-entity), in the page's language.
(() => {
  const openHint = document.currentScript?.dataset.i18nOpenEntity || "";
  let pointer = "mouse";
  addEventListener("pointerdown", (e) => { pointer = e.pointerType; }, true);

  const close = (except) => {
    for (const m of document.querySelectorAll(".mention.is-open")) {
      if (m !== except) {
        m.classList.remove("is-open");
        m.querySelector("a.entity")?.removeAttribute("aria-expanded");
      }
    }
  };
  document.addEventListener("click", (e) => {
    const mention = e.target.closest(".mention");
    // On a phone the summary is a sheet at the bottom of the screen, shown as soon as the name has
    // focus, and it may cover the name: a tap that lands on it is a tap on the name.
    const onSheet = pointer === "touch" && e.target.closest(".mention > .popover");
    const link = e.target.closest(".mention > a.entity") || (onSheet ? mention.querySelector("a.entity") : null);
    if (link && pointer === "touch" && !mention.classList.contains("is-open")) {
      e.preventDefault();
      close(mention);
      mention.classList.remove("is-dismissed");
      mention.classList.add("is-open");
      const popover = mention.querySelector(".popover");
      if (popover) popover.dataset.hint = openHint;
      link.setAttribute("aria-expanded", "true");
    } else if (link && onSheet) {
      location.href = link.href;
    } else if (!mention) {
      close(null);
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const m of document.querySelectorAll(".mention")) {
      if (m.matches(":hover, :focus-within, .is-open")) m.classList.add("is-dismissed");
    }
    close(null);
  });
  const undismiss = (e) => {
    const m = e.target.closest?.(".mention");
    if (m && !m.contains(e.relatedTarget)) m.classList.remove("is-dismissed");
  };
  document.addEventListener("mouseout", undismiss);
  document.addEventListener("focusout", undismiss);

  const filter = document.querySelectorAll(".group-filter a");
  const mark = () => {
    const shown = document.querySelector(".prose--grouped > h2:target");
    for (const a of filter) {
      if (shown ? a.hash === "#" + shown.id : a.hash === "#groups") a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    }
  };
  if (filter.length) {
    addEventListener("hashchange", mark);
    mark();
  }
})();
