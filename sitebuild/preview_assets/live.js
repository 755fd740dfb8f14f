// The preview's live reload: `invoke serve` announces every build; this page
// reloads itself when the build changed it. Never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : "";
  var events = new EventSource("/__preview/events");
  events.addEventListener("build", function (message) {
    var build = JSON.parse(message.data);
    if (build.build === shown) return;
    shown = build.build;
    var here = window.location.pathname;
    var changedHere = build.only === null ? build.skip.indexOf(here) === -1 : build.only.indexOf(here) !== -1;
    if (changedHere) window.location.reload();
  });
})();
