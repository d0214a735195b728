// The static site's language button: English, 中文 or both. Loaded in <head>, so the page is shown in the
// chosen language from the start; the choice is kept in localStorage and so holds for every page of the site.
(function () {
  "use strict";
  var KEY = "resnet-lessons-language";
  var CHOICES = ["en", "zh", "both"];
  var memory = null;  // when localStorage is not allowed (some browsers, for file:// pages): this page only

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return memory; }
  }
  function store(lang) {
    memory = lang;
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* kept in memory only */ }
  }
  function current() {
    var lang = stored();
    return CHOICES.indexOf(lang) >= 0 ? lang : "both";
  }
  function show(lang) {
    document.documentElement.setAttribute("data-show-lang", lang);
    var buttons = document.querySelectorAll(".lang-toggle button[data-show-lang]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-show-lang") === lang));
    }
  }
  function choose(lang) {
    if (CHOICES.indexOf(lang) < 0) { return; }
    store(lang);
    show(lang);  // formulas typeset while hidden show at their size (MathJax 2 measures them apart): no re-layout
  }

  show(current());
  document.addEventListener("DOMContentLoaded", function () {
    show(current());
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".lang-toggle button[data-show-lang]");
      if (button) { choose(button.getAttribute("data-show-lang")); }
    });
  });
  window.addEventListener("storage", function (event) {  // another tab of the site changed it
    if (event.key === KEY) { show(current()); }
  });
  window.resnetLessonsLanguage = { choose: choose, current: current };
})();
