// Works around lunr 2.3.9 (bundled in Material 9.x's search worker) splitting every query at hyphens, whatever
// `search.separator` says: lunr.QueryLexer.termSeparator is set once, when lunr loads, to lunr's default
// /[\s\-]+/, and Material passes its configured separator to the tokenizer only. With a separator that keeps
// "Aurora-3" one token in the index, the query "Aurora-3" would still be searched as "aurora" and "3*" and find
// only what starts with 3. lunr documents termSeparator as the query lexer's separator (lunr.js, "QueryLexer");
// this script runs Material's own worker unchanged and, once Material sends the index's configuration (the
// SETUP message, type 0), sets termSeparator to the configured separator, so a query is split as the index is.
// The page loads it in place of Material's worker (overrides/main.html, block config); `worker` names Material's. It
// sits beside Material's worker, so that the language files Material's worker loads ("../lunr/…") resolve as there.
/* global importScripts, lunr */
"use strict"

importScripts(new URL(self.location.href).searchParams.get("worker"))

self.addEventListener("message", function (event) {
  var message = event.data
  if (message && message.type === 0 && message.data && message.data.config) {
    lunr.QueryLexer.termSeparator = new RegExp(message.data.config.separator)
  }
})
