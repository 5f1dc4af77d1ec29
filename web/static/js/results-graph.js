/* A YASR results plugin that draws query results as a graph with Cytoscape.js.

   CONSTRUCT and DESCRIBE results: each triple whose object is an IRI is an edge labelled with
   its predicate. SELECT results: in each row, each IRI is joined to the next IRI of the row,
   the edge labelled with the second one's variable; a literal variable named like an IRI
   variable plus "Name" or "Label" (?member, ?memberName) labels that IRI's node.
   A click on a node we mint opens its page on this server. */
(function () {
  "use strict";
  var MAX_NODES = 400;
  var LABEL_PREDICATES = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name",
    "http://purl.org/dc/terms/title"
  ];

  function ResultsGraph(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Graph";
    this.cy = null;
  }

  ResultsGraph.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    if (!results || (results.hasError && results.hasError())) return false;
    var rows = results.getBindings ? results.getBindings() : null;
    if (!rows || !rows.length) return false;
    return rows.some(function (row) {
      return Object.keys(row).some(function (name) { return row[name] && row[name].type === "uri"; });
    });
  };

  ResultsGraph.prototype.getIcon = function () {
    var icon = document.createElement("span");
    icon.className = "results-graph-icon";
    icon.textContent = "⬡";
    return icon;
  };

  ResultsGraph.prototype.destroy = function () {
    if (this.cy) { this.cy.destroy(); this.cy = null; }
  };

  ResultsGraph.prototype.draw = function () {
    var results = this.yasr.results;
    var variables = results.getVariables();
    var rows = results.getBindings();
    var prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
    var isTriples = variables.length === 3 && variables[0] === "subject" &&
      variables[1] === "predicate" && variables[2] === "object";
    var built = isTriples ? fromTriples(rows, prefixes) : fromRows(variables, rows, prefixes);
    var box = document.createElement("div");
    box.className = "results-graph";
    var note = document.createElement("p");
    note.className = "results-graph-note";
    note.textContent = built.nodes.length + " nodes, " + built.edges.length + " edges" +
      (built.truncated ? " (only the first " + MAX_NODES + " nodes are drawn)" : "") +
      ". Click a node to open its page.";
    this.yasr.resultsEl.appendChild(note);
    this.yasr.resultsEl.appendChild(box);
    this.destroy();
    this.cy = window.cytoscape({
      container: box,
      elements: built.nodes.concat(built.edges),
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 140,
          "background-color": "#2b6cb0", "width": 14, "height": 14, "color": "#111" } },
        { selector: "node.here", style: { "background-color": "#08519c", "shape": "round-rectangle" } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": 8, "curve-style": "bezier", "width": 1.5,
          "line-color": "#888", "target-arrow-shape": "triangle", "target-arrow-color": "#888",
          "color": "#444", "text-rotation": "autorotate" } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 }
    });
    this.cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page) window.open(page, "_blank", "noopener");
    });
  };

  function shortName(iri, prefixes) {
    for (var prefix in prefixes) {
      if (Object.prototype.hasOwnProperty.call(prefixes, prefix) && iri.indexOf(prefixes[prefix]) === 0) {
        return prefix + ":" + iri.slice(prefixes[prefix].length);
      }
    }
    return iri;
  }

  function Builder(prefixes) {
    this.prefixes = prefixes;
    this.nodes = {};
    this.order = [];
    this.edges = {};
    this.truncated = false;
  }

  Builder.prototype.node = function (term) {
    var id = term.value;
    if (this.nodes[id]) return true;
    if (this.order.length >= MAX_NODES) { this.truncated = true; return false; }
    var page = window.OfstedLinks.localHref(id);
    this.nodes[id] = { group: "nodes", data: {
      id: id, label: term.type === "uri" ? shortName(id, this.prefixes) : "_:" + id, page: page
    }, classes: page ? "here" : "" };
    this.order.push(id);
    return true;
  };

  Builder.prototype.edge = function (source, target, label) {
    var id = source + "\u0000" + label + "\u0000" + target;
    if (!this.edges[id]) {
      this.edges[id] = { group: "edges", data: { id: id, source: source, target: target, label: label } };
    }
  };

  Builder.prototype.result = function () {
    var nodes = this.order.map(function (id) { return this.nodes[id]; }, this);
    var edges = Object.keys(this.edges).map(function (id) { return this.edges[id]; }, this);
    return { nodes: nodes, edges: edges, truncated: this.truncated };
  };

  function isNode(term) { return term && (term.type === "uri" || term.type === "bnode"); }

  function fromTriples(rows, prefixes) {
    var builder = new Builder(prefixes);
    var labels = {};
    rows.forEach(function (row) {
      if (LABEL_PREDICATES.indexOf(row.predicate.value) >= 0 && !isNode(row.object)) {
        labels[row.subject.value] = row.object.value;
      }
      if (!isNode(row.subject) || !isNode(row.object)) return;
      if (builder.node(row.subject) && builder.node(row.object)) {
        builder.edge(row.subject.value, row.object.value, shortName(row.predicate.value, prefixes));
      }
    });
    Object.keys(labels).forEach(function (id) {
      if (builder.nodes[id]) builder.nodes[id].data.label = labels[id];
    });
    return builder.result();
  }

  function fromRows(variables, rows, prefixes) {
    var builder = new Builder(prefixes);
    rows.forEach(function (row) {
      var previous = null;
      variables.forEach(function (name) {
        var term = row[name];
        if (!isNode(term)) return;
        if (!builder.node(term)) return;
        var label = labelFor(name, row, variables);
        if (label) builder.nodes[term.value].data.label = label;
        if (previous && previous !== term.value) builder.edge(previous, term.value, name);
        previous = term.value;
      });
    });
    return builder.result();
  }

  function labelFor(name, row, variables) {
    var candidates = [name + "Name", name + "Label", name + "Title"];
    if (name === variables[0]) candidates.push("name", "label", "title");
    for (var i = 0; i < candidates.length; i++) {
      var term = row[candidates[i]];
      if (term && term.type !== "uri" && term.type !== "bnode") return term.value;
    }
    return null;
  }

  window.OfstedResultsGraph = ResultsGraph;
})();
