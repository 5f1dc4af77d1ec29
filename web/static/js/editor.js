/* The query editor: YASGUI on this server's endpoint, with our prefixes, the library of named
   research queries, a graph view of results, and result IRIs linked to their pages here. */
(function () {
  "use strict";
  var container = document.getElementById("yasgui");
  if (!container || !window.Yasgui) return;
  var endpoint = container.getAttribute("data-endpoint") || window.location.origin + "/sparql";
  var DEFAULT_BODY = [
    "# Authorities and their latest overall grade",
    "SELECT ?authority ?name ?start ?grade WHERE {",
    "  ?judgement a okg:Judgement ; okg:judgementOf ?inspection ;",
    "             okg:area/skos:notation \"overall\" ; okg:grade/skos:prefLabel ?grade .",
    "  ?inspection okg:inspects ?authority ; schema:startDate ?start .",
    "  ?authority rdfs:label ?name .",
    "}",
    "ORDER BY ?name DESC(?start)",
    "LIMIT 100"
  ].join("\n");

  function prefixHeader(prefixes) {
    return Object.keys(prefixes).map(function (name) {
      return "PREFIX " + name + ": <" + prefixes[name] + ">";
    }).join("\n") + "\n";
  }

  // Result tables link IRIs we mint to their pages on this server, not to w3id.org.
  function linkResultsHere() {
    var Table = window.Yasgui.Yasr.plugins.table;
    if (!Table || Table.prototype.ofstedLinked) return;
    var original = Table.prototype.getUriLinkFromBinding;
    Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      var html = original.call(this, binding, prefixes);
      var local = window.OfstedLinks.localHref(binding.value);
      if (!local) return html;
      // The library returns sanitised markup, quoted either way; swap the address only.
      return html.replace(/href=(["'])[^"']*\1/, 'href="' + local + '"');
    };
    Table.prototype.ofstedLinked = true;
  }

  function openNamed(yasgui, item, header) {
    var tab = yasgui.addTab(true, {
      name: item.title,
      yasqe: { value: header + item.sparql }
    });
    tab.query();
    return tab;
  }

  function start(catalogue) {
    var header = prefixHeader(catalogue.prefixes);
    var byName = {};
    catalogue.queries.forEach(function (item) { byName[item.name] = item; });
    linkResultsHere();
    window.Yasgui.Yasr.registerPlugin("graph", window.OfstedResultsGraph);

    var yasgui = new window.Yasgui(container, {
      requestConfig: {
        // A function, so a tab remembered from another server still asks this one.
        endpoint: function () { return endpoint; },
        method: "POST"
      },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
      persistenceId: "ofsted-kg-editor",
      yasqe: {
        value: header + DEFAULT_BODY,
        collapsePrefixesOnLoad: true,
        // Only completions that need no outside service.
        autocompleters: ["prefixes", "variables"],
        prefixCcApi: null
      },
      yasr: {
        prefixes: catalogue.prefixes,
        pluginOrder: ["table", "graph", "response"],
        defaultPlugin: "table",
        plugins: { graph: { enabled: true } }
      }
    });
    window.ofstedEditor = yasgui;

    var named = new URLSearchParams(window.location.search).get("named");
    if (named && byName[named]) {
      openNamed(yasgui, byName[named], header);
      window.history.replaceState(null, "", window.location.pathname);
    }
    document.querySelectorAll("a.open-query").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var item = byName[link.getAttribute("data-name")];
        if (!item) return;
        event.preventDefault();
        openNamed(yasgui, item, header);
      });
    });
  }

  fetch("/queries/index.json", { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response.json();
    })
    .then(start)
    .catch(function (error) {
      var note = document.createElement("p");
      note.textContent = "The editor could not start: " + error.message;
      container.appendChild(note);
    });
})();
