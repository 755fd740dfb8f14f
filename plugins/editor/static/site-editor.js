/*
 * The site's additions to Decap CMS, loaded by /admin/ after Decap's own script.
 *
 * 1. The format "site-front-matter": the `Key: value` lines every post starts with
 *    (DESIGN.md), read and written as the site reads them, so a file saved here is a
 *    file `invoke new` could have written: `Key: value` lines, a blank line, then the
 *    text. Keys are read in any case ("Author" as "Authors"); a value continued on
 *    indented lines is joined with spaces, as the site joins it. A file the editor
 *    changes keeps its lines in their order and spelling, keys the form does not show
 *    included, so its diff shows only what was changed: the order and spelling are
 *    kept in the entry's data under FILE (a name no front-matter key can have), new
 *    keys follow in the form's order, Capitalised. A value of several lines (a
 *    summary) is written on one line; empty values are left out.
 * 2. The preview pane uses the site's own style sheet (its address is in the page) and
 *    shows an entry as the site's pages do: title, byline, facts, then the text.
 * 3. The words "en-preview" (the locale `invoke serve` asks for): there, "Publish"
 *    only saves the file in the working folder, so the buttons say "Save"; what is
 *    published is decided by the Status field and, later, by the review.
 *
 * Decap starts by itself when its script loads, and reads its configuration and then the
 * files afterwards, so what this registers is in place before it is needed.
 */
(function () {
  "use strict";

  var h = window.h; // React's createElement, as Decap's script provides it

  var KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/; // Python-Markdown's meta extension, as the site reads
  var MORE_LINE = /^[ ]{4,}(.*)$/;
  var FENCE = /^-{3}(\s.*)?$/;
  var END = /^(-{3}|\.{3})(\s.*)?$/;
  var FILE = "site-editor:file"; // {order: [key...], names: {key: "Key as written"}}

  function fromFile(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    var data = {};
    var file = { order: [], names: {} };
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
        if (!(current in data)) {
          data[current] = key[2].trim();
          file.order.push(current);
          file.names[current] = key[1];
        }
        continue;
      }
      var more = MORE_LINE.exec(line);
      if (!more || current === null) break;
      data[current] = (data[current] + " " + more[1].trim()).trim();
    }
    data.body = lines.slice(index).join("\n");
    data[FILE] = file;
    return data;
  }

  function oneLine(value) {
    if (Array.isArray(value)) return value.map(oneLine).join(", ");
    return String(value).replace(/\s*\n\s*/g, " ").trim();
  }

  function toFile(data, sortedKeys) {
    var file = data[FILE] || { order: [], names: {} };
    var keys = [];
    [file.order, sortedKeys || [], Object.keys(data).sort()].forEach(function (list) {
      list.forEach(function (key) {
        if (key in data && key !== "body" && key !== FILE && keys.indexOf(key) < 0) keys.push(key);
      });
    });
    var lines = [];
    keys.forEach(function (key) {
      if (data[key] === null || data[key] === undefined) return;
      var value = oneLine(data[key]);
      var name = file.names[key] || key.charAt(0).toUpperCase() + key.slice(1);
      if (value) lines.push(name + ": " + value);
    });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "");
    return lines.join("\n") + "\n\n" + body.replace(/\n*$/, "\n");
  }

  var IN_THE_PREVIEW = {
    auth: { login: "Start editing" },
    editor: {
      editor: { onPublishing: "Save this entry in the working folder?" },
      editorToolbar: {
        publish: "Save",
        publishing: "Saving...",
        published: "Saved",
        publishNow: "Save now",
        publishAndCreateNew: "Save and create new",
        publishAndDuplicate: "Save and duplicate",
        deletePublishedEntry: "Delete this file",
        deployButtonLabel: "View in the preview",
      },
    },
    ui: { toast: { entryPublished: "Saved: the preview shows it in a moment" } },
  };

  // What the preview pane shows above the text, in the site's order: [label, front-matter key].
  var FACTS = [
    ["Published", "date"], ["Starts", "start"], ["Ends", "end"], ["Where", "location"],
    ["Type", "type"], ["Category", "category"], ["Region", "region"], ["Series", "series"],
  ];

  function preview(props) {
    var value = function (key) { return String(props.entry.getIn(["data", key]) || "").trim(); };
    var facts = FACTS.filter(function (fact) { return value(fact[1]); }).map(function (fact) {
      return h("div", { key: fact[1] }, h("dt", null, fact[0]), " ", h("dd", null, value(fact[1])));
    });
    return h(
      "article",
      { className: "layout-main" },
      h("h1", null, value("title")),
      value("authors") ? h("p", { className: "byline" }, "By " + value("authors")) : null,
      facts.length ? h("dl", { className: "facts" }, facts) : null,
      h("div", { className: "prose" }, props.widgetFor("body"))
    );
  }

  var page = document.currentScript;
  CMS.registerCustomFormat("site-front-matter", "md", { fromFile: fromFile, toFile: toFile });
  CMS.registerLocale("en-preview", IN_THE_PREVIEW);
  CMS.registerPreviewStyle(page.dataset.style);
  page.dataset.collections.split(" ").forEach(function (name) {
    CMS.registerPreviewTemplate(name, preview);
  });
})();
