/* The partnership network page: draws /network.json (structure computed by networkx) with
   Cytoscape.js at the positions networkx gave, filters it by relation and region, finds
   nodes by name, shows a node's details on hover or focus, and opens its page on a click. */
(function () {
  "use strict";
  var container = document.getElementById("network");
  if (!container || !window.cytoscape) return;
  var controls = document.getElementById("network-controls");
  var regionSelect = document.getElementById("region-filter");
  var search = document.getElementById("network-search");
  var results = document.getElementById("search-results");
  var details = document.getElementById("node-details");
  var cy = null;

  var RELATION_STYLES = {
    partnership: { color: "#c05621", style: "solid", width: 2.5 },
    shared_board: { color: "#6b46c1", style: "solid", width: 2.5 },
    shared_service: { color: "#2f855a", style: "dashed", width: 2 },
    region: { color: "#cbd5e0", style: "dotted", width: 1 },
    statistical_neighbour: { color: "#2b6cb0", style: "dashed", width: 1.5 }
  };
  var TYPE_NAMES = { authority: "Local authority", partnership: "Partnership", region: "Region" };
  // Okabe and Ito's palette, distinct for colour-blind readers; communities past eight reuse it
  // (the shapes still tell authorities, partnerships and regions apart).
  var COMMUNITY_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#f0e442", "#999999"];

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  function elements(data) {
    var maxBetweenness = data.nodes.reduce(function (max, node) {
      return Math.max(max, node.betweenness || 0);
    }, 0) || 1;
    var nodes = data.nodes.map(function (node) {
      var size = 14 + 46 * Math.sqrt((node.betweenness || 0) / maxBetweenness);
      return {
        group: "nodes",
        data: Object.assign({}, node, {
          size: size,
          communityColour: COMMUNITY_COLOURS[(node.community || 0) % COMMUNITY_COLOURS.length]
        }),
        position: { x: node.x || 0, y: node.y || 0 },
        classes: node.type
      };
    });
    var edges = data.links.map(function (link, index) {
      return {
        group: "edges",
        data: { id: "e" + index, source: link.source, target: link.target, relation: link.relation },
        classes: link.relation
      };
    });
    return nodes.concat(edges);
  }

  function stylesheet() {
    var styles = [
      { selector: "node", style: {
        "width": "data(size)", "height": "data(size)", "label": "data(label)",
        "font-size": 15, "min-zoomed-font-size": 6, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "wrap", "text-max-width": 150,
        "color": "#111", "text-outline-color": "#fff", "text-outline-width": 2,
        "border-width": 1, "border-color": "#1a202c" } },
      { selector: "node.authority", style: { "shape": "ellipse", "background-color": "#3182ce" } },
      { selector: "node.partnership", style: {
        "shape": "diamond", "background-color": "#dd6b20", "font-weight": "bold" } },
      { selector: "node.region", style: {
        "shape": "round-rectangle", "background-color": "#a0aec0", "font-size": 20 } },
      { selector: "node.by-community", style: { "background-color": "data(communityColour)" } },
      { selector: "node:selected, node.focused", style: {
        "border-width": 4, "border-color": "#000", "z-index": 10 } },
      { selector: "edge", style: { "curve-style": "haystack", "opacity": 0.8 } },
      { selector: ".hidden", style: { "display": "none" } }
    ];
    Object.keys(RELATION_STYLES).forEach(function (relation) {
      var look = RELATION_STYLES[relation];
      styles.push({ selector: "edge." + relation, style: {
        "line-color": look.color, "line-style": look.style, "width": look.width } });
    });
    return styles;
  }

  function showDetails(node) {
    var data = node.data();
    details.replaceChildren();
    var heading = document.createElement("h2");
    var link = text("a", data.label);
    link.href = data.page;
    heading.appendChild(link);
    details.appendChild(heading);
    var list = document.createElement("dl");
    function add(term, value) {
      if (value === undefined || value === null || value === "") return;
      list.appendChild(text("dt", term));
      list.appendChild(text("dd", String(value)));
    }
    add("Kind", data.type === "partnership" ? data.kind_label : TYPE_NAMES[data.type]);
    add("Region", data.region);
    add("GSS code", data.gss);
    add("Connections", data.degree);
    add("Betweenness centrality", data.betweenness);
    add("Community", data.community);
    details.appendChild(list);
    var members = node.neighborhood("node").filter(function (other) { return !other.hasClass("hidden"); });
    if (members.length) {
      details.appendChild(text("p", "Joined to:", "meta"));
      var ul = document.createElement("ul");
      members.sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); });
      members.forEach(function (other) {
        var item = document.createElement("li");
        var a = text("a", other.data("label"));
        a.href = other.data("page");
        item.appendChild(a);
        ul.appendChild(item);
      });
      details.appendChild(ul);
    }
  }

  function applyColouring() {
    var byCommunity = controls.querySelector("input[name=colour]:checked").value === "community";
    cy.batch(function () {
      if (byCommunity) cy.nodes().addClass("by-community");
      else cy.nodes().removeClass("by-community");
    });
  }

  function applyFilters() {
    var relations = {};
    controls.querySelectorAll("input[name=relation]").forEach(function (box) {
      relations[box.value] = box.checked;
    });
    var region = regionSelect.value;
    cy.batch(function () {
      cy.elements().removeClass("hidden");
      if (region) {
        cy.nodes().forEach(function (node) {
          var data = node.data();
          var keep = data.type === "authority" ? data.region === region
            : data.type === "region" ? data.label === region
            : (data.regions || []).indexOf(region) >= 0;
          if (!keep) node.addClass("hidden");
        });
      }
      cy.edges().forEach(function (edge) {
        if (!relations[edge.data("relation")] || edge.source().hasClass("hidden") ||
            edge.target().hasClass("hidden")) {
          edge.addClass("hidden");
        }
      });
      // A node left with no visible link says nothing about partnerships: hide it too.
      cy.nodes().forEach(function (node) {
        if (node.connectedEdges().filter(function (edge) { return !edge.hasClass("hidden"); }).length === 0) {
          node.addClass("hidden");
        }
      });
    });
    cy.fit(cy.elements().not(".hidden"), 30);
  }

  function focusNode(node) {
    cy.nodes().removeClass("focused");
    node.addClass("focused");
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
    showDetails(node);
  }

  function runSearch() {
    var words = search.value.trim().toLowerCase();
    results.replaceChildren();
    if (words.length < 2) return;
    var matches = cy.nodes().filter(function (node) {
      return node.data("label").toLowerCase().indexOf(words) >= 0;
    }).sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); });
    matches.slice(0, 12).forEach(function (node) {
      var item = document.createElement("li");
      var show = text("button", node.data("label"));
      show.type = "button";
      show.addEventListener("click", function () { focusNode(node); });
      var open = text("a", "page");
      open.href = node.data("page");
      open.setAttribute("aria-label", "Open the page of " + node.data("label"));
      item.appendChild(show);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(open);
      results.appendChild(item);
    });
    if (!matches.length) results.appendChild(text("li", "No node matches.", "meta"));
  }

  function draw(data) {
    cy = window.cytoscape({
      container: container,
      elements: elements(data),
      layout: { name: "preset", fit: true, padding: 30 },
      style: stylesheet(),
      minZoom: 0.05,
      maxZoom: 4
    });
    window.ofstedNetwork = cy;
    var regions = cy.nodes(".region").map(function (node) { return node.data("label"); }).sort();
    regions.forEach(function (name) {
      var option = text("option", name);
      option.value = name;
      regionSelect.appendChild(option);
    });
    cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page) window.location.assign(page);
    });
    cy.on("mouseover", "node", function (event) { showDetails(event.target); });
    controls.addEventListener("change", function (event) {
      if (event.target.name === "colour") applyColouring();
      else applyFilters();
    });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    search.addEventListener("input", runSearch);
    applyFilters();
    container.setAttribute("data-ready", "true");
  }

  fetch("/network.json", { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("the server answered " + response.status);
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      details.replaceChildren(text("p", "The network could not be loaded: " + error.message));
      container.setAttribute("data-ready", "failed");
    });
})();
