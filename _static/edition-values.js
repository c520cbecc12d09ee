// Pop-over of a computed figure: its entry in "Figures in this chapter", shown beside the
// figure on mouse hover, keyboard focus or a first tap; Escape closes it. Without this script
// the figure's link goes to the entry itself.
(() => {
  let pop = null, owner = null, touch = false;
  const close = (refocus) => {
    if (!pop) return;
    pop.remove();
    owner.removeAttribute("aria-describedby");
    if (refocus) owner.focus();
    pop = owner = null;
  };
  const open = (link) => {
    if (owner === link) return;
    close();
    const entry = document.getElementById(link.hash.slice(1));
    if (!entry) return;
    pop = document.createElement("span");
    pop.id = "edition-value-pop";
    pop.className = "edition-value-pop";
    pop.innerHTML = entry.innerHTML;
    pop.querySelectorAll("[id]").forEach((n) => n.removeAttribute("id"));
    link.after(pop);
    owner = link;
    link.setAttribute("aria-describedby", pop.id);
  };
  const linkOf = (e) => e.target.closest && e.target.closest("a.edition-value-link");
  document.addEventListener("pointerdown", (e) => { touch = e.pointerType !== "mouse"; });
  document.addEventListener("keydown", (e) => {
    touch = false;
    if (e.key === "Escape" && pop) close(true);
  });
  document.addEventListener("focusin", (e) => {
    const link = linkOf(e);
    if (link && !touch) open(link);
    else if (pop && !pop.contains(e.target) && e.target !== owner) close();
  });
  document.addEventListener("pointerover", (e) => {
    const link = linkOf(e);
    if (link && e.pointerType === "mouse") open(link);
  });
  document.addEventListener("pointerout", (e) => {
    const box = owner && owner.parentNode;
    if (box && e.pointerType === "mouse" && !box.contains(e.relatedTarget) && document.activeElement !== owner) close();
  });
  document.addEventListener("click", (e) => {
    const link = linkOf(e);
    if (link && owner !== link) { e.preventDefault(); open(link); }
    else if (pop && !link && !pop.contains(e.target)) close();
  });
})();
