/*
 * MathJax 2 configuration of the offline report (copied to _static/mathjax/config/local/).
 * Loaded as MathJax.js?config=local/offline,Safe. TeX input, SVG output with the STIX-Web glyphs:
 * SVG draws every glyph as a path, so no web font is fetched (pages opened from file:// cannot
 * load web fonts in Chromium). The TeX extensions are those of MathJax's TeX-AMS configurations.
 */
MathJax.Hub.Config({
  jax: ["input/TeX", "output/SVG"],
  extensions: ["tex2jax.js", "MathMenu.js", "MathZoom.js"],
  TeX: { extensions: ["AMSmath.js", "AMSsymbols.js", "noErrors.js", "noUndefined.js"] },
  SVG: { font: "STIX-Web" }
});
MathJax.Ajax.loadComplete("[MathJax]/config/local/offline.js");
