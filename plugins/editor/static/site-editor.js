/*
 * The site's additions to Decap CMS, loaded by /admin/ after Decap's own script.
 *
 * 1. The format "site-front-matter": the `Key: value` lines every post starts with
 *    (DESIGN.md), read and written as the site reads them, so a file saved here is a
 *    file `invoke new` could have written: the keys Capitalised, one per line in the
 *    order of the form's fields, a blank line, then the text. Keys are read in any
 *    case; "Author" is read as "Authors"; a value continued on indented lines is joined
 *    with spaces, as the site joins it; a value of several lines (a summary) is written
 *    on one line; empty values are left out.
 * 2. The preview pane uses the site's own style sheet (its address is in the page).
 *
 * Decap starts by itself when its script loads, and reads its configuration and then the
 * files afterwards, so what this registers is in place before it is needed.
 */
(function () {
  "use strict";

  var KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/; // Python-Markdown's meta extension, as the site reads
  var MORE_LINE = /^[ ]{4,}(.*)$/;
  var FENCE = /^-{3}(\s.*)?$/;
  var END = /^(-{3}|\.{3})(\s.*)?$/;

  function fromFile(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    var data = {};
    var current = null;
    var index = lines.length && FENCE.test(lines[0]) ? 1 : 0;
    for (; index < lines.length; index++) {
      var line = lines[index];
      if (line.trim() === "" || END.test(line)) {
        index++;
        break;
      }
      var key = KEY_LINE.exec(line);
      if (key) {
        current = key[1].toLowerCase();
        if (current === "author" && !("authors" in data)) current = "authors";
        if (!(current in data)) data[current] = key[2].trim();
        continue;
      }
      var more = MORE_LINE.exec(line);
      if (!more || current === null) break;
      data[current] = (data[current] + " " + more[1].trim()).trim();
    }
    data.body = lines.slice(index).join("\n");
    return data;
  }

  function oneLine(value) {
    if (Array.isArray(value)) return value.map(oneLine).join(", ");
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  function toFile(data, sortedKeys) {
    var keys = (sortedKeys || []).filter(function (key) { return key in data; });
    Object.keys(data).sort().forEach(function (key) {
      if (keys.indexOf(key) < 0) keys.push(key);
    });
    var lines = [];
    keys.forEach(function (key) {
      if (key === "body" || data[key] === null || data[key] === undefined) return;
      var value = oneLine(data[key]);
      if (value) lines.push(key.charAt(0).toUpperCase() + key.slice(1) + ": " + value);
    });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "");
    return lines.join("\n") + "\n\n" + body.replace(/\n*$/, "\n");
  }

  var page = document.currentScript;
  CMS.registerCustomFormat("site-front-matter", "md", { fromFile: fromFile, toFile: toFile });
  CMS.registerPreviewStyle(page.dataset.style);
})();
