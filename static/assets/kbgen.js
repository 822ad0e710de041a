// kbgen default theme: the theme toggle, code copy buttons, keyboard
// scrolling of wide code, the sidebar scrolled to the current page and
// linked content tabs. Everything else works without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", String(currentTheme() === "dark"));
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      toggle.setAttribute("aria-pressed", String(next === "dark"));
      try { localStorage.setItem("kbgen-theme", next); } catch (e) { /* private mode */ }
    });
  }

  // A code block or table that scrolls sideways can be scrolled from the keyboard:
  // it takes focus (with the focus ring) only while it overflows.
  function focusableWhenScrolling() {
    document.querySelectorAll("pre, .content table").forEach(function (wide) {
      if (wide.scrollWidth > wide.clientWidth + 1) wide.setAttribute("tabindex", "0");
      else wide.removeAttribute("tabindex");
    });
  }
  focusableWhenScrolling();
  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableWhenScrolling, 150);
  });

  // The sidebar scrolls on its own on wide screens: show the current page
  // in it, a third of the way down, when it would be out of view. This
  // scrolls the sidebar only; nothing on the page moves.
  var nav = document.getElementById("site-nav");
  var current = nav && nav.querySelector('a[aria-current="page"]');
  if (current && nav.clientHeight > 0 && nav.scrollHeight > nav.clientHeight) {
    var offset = current.getBoundingClientRect().top - nav.getBoundingClientRect().top;
    if (offset > nav.clientHeight - 48) nav.scrollTop = offset - nav.clientHeight / 3;
  }

  // Choosing a tab chooses the tab of the same name in every other set on
  // the page (Python, then every example in Python), as Material's linked
  // tabs do. Without JavaScript each set switches on its own.
  function tabLabel(input) {
    var label = input.id && document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
    return label ? label.textContent.trim() : "";
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".tabbed-set > input")) return;
    var name = tabLabel(input);
    if (!name) return;
    document.querySelectorAll(".tabbed-set > input").forEach(function (other) {
      if (other.name !== input.name && !other.checked && tabLabel(other) === name) other.checked = true;
    });
  });

  document.querySelectorAll(".code-block").forEach(function (block) {
    var code = block.querySelector("pre code");
    if (!code || !navigator.clipboard) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.innerText).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      });
    });
    var header = block.querySelector(".code-header");
    (header || block).appendChild(button);
  });
})();
