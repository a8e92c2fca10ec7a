// The sentence a reader means, for the 报错 link of a story (generator/finish/report.py): the text last
// selected inside that story goes into the issue form's `sentence` field when the link is followed.
(function () {
  "use strict";
  var chosen = null; // {story: the story's anchor, text: what was selected in it}

  function storyOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    if (!element) return null;
    var item = element.closest("li[id^='s-']");
    if (item) return item.id;
    var block = element.closest(".md-typeset > *");
    while (block) {
      if (/^H[1-6]$/.test(block.tagName)) return block.id && block.id.indexOf("s-") === 0 ? block.id : null;
      block = block.previousElementSibling;
    }
    return null;
  }

  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    var text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
    if (text) chosen = { story: storyOf(selection.anchorNode), text: text.slice(0, 500) };
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.report-link") : null;
    if (!link || !chosen || chosen.story !== link.getAttribute("data-story")) return;
    var url = new URL(link.href);
    url.searchParams.set("sentence", chosen.text);
    link.href = url.toString();
  });
})();
