/* Where an IRI's page is on this server: the same rule as web/pages/links.py. */
(function () {
  "use strict";
  var ID_BASE = "https://w3id.org/ofsted-kg/id/";
  var DEF_BASE = "https://w3id.org/ofsted-kg/def#";

  function localHref(iri) {
    if (typeof iri !== "string") return null;
    if (iri.indexOf(ID_BASE) === 0) {
      return "/id/" + encodeURI(iri.slice(ID_BASE.length)).replace(/'/g, "%27");
    }
    if (iri.indexOf(DEF_BASE) === 0) {
      return "/def#" + encodeURIComponent(iri.slice(DEF_BASE.length));
    }
    return null;
  }

  window.OfstedLinks = { localHref: localHref, ID_BASE: ID_BASE, DEF_BASE: DEF_BASE };
})();
