/* The article header's menus (launch, download) without Bootstrap's 81 KB script.
   A button with data-bs-toggle="dropdown" opens the .dropdown-menu beside it; Escape, a
   second click or a click elsewhere closes it; focus returns to the button on Escape.
   The theme's tooltips need nothing: every such control has a native title. */
(function () {
  "use strict";
  function close(button) {
    var menu = button.parentElement.querySelector(".dropdown-menu");
    button.setAttribute("aria-expanded", "false");
    if (menu) menu.classList.remove("show");
  }
  function closeAll(except) {
    document.querySelectorAll('[data-bs-toggle="dropdown"][aria-expanded="true"]').forEach(function (b) {
      if (b !== except) close(b);
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest('[data-bs-toggle="dropdown"]');
    closeAll(button);
    if (!button) return;
    var menu = button.parentElement.querySelector(".dropdown-menu");
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    if (menu) {
      menu.classList.toggle("show", open);
      /* below the button, its right edge on the button's: the theme's menus open to the left */
      menu.style.position = "absolute";
      menu.style.top = "100%";
      menu.style.right = "0";
      menu.style.left = "auto";
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector('[data-bs-toggle="dropdown"][aria-expanded="true"]');
    if (open) {
      close(open);
      open.focus();
    }
  });
})();
