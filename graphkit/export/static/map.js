/* graphkit relationship map: page script (inlined by graphkit.export.html).
 * Every string that comes from the data is shown with textContent or drawn on the canvas;
 * nothing from the data is ever assigned to innerHTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  window.graphkitData = data;

  var TYPES = {
    PERSON: { shape: "dot", color: "#3b6fb6", border: "#2a528c", light: "#dbe6f6", name: "Person" },
    ORG: { shape: "square", color: "#e0812b", border: "#ad5f17", light: "#fbe7d3", name: "Organisation" },
    GPE: { shape: "triangle", color: "#2f9a62", border: "#1f7047", light: "#d7efe2", name: "Place" }
  };
  var OTHER = { shape: "diamond", color: "#8a94a3", border: "#626b78", light: "#e7eaee", name: "Other" };
  var EDGE_COLOR = "#9aa5b1";
  var CONTESTED_COLOR = "#c2410c";
  var ACCENT = "#1d4ed8";
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';
  var MAX_TOOLTIP_EVIDENCE = 3;

  function typeStyle(t) { return Object.prototype.hasOwnProperty.call(TYPES, t) ? TYPES[t] : OTHER; }

  /* ---------- DOM helpers (text only) ---------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function fact(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", null, key));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }
  function safeUrl(u) {
    if (!u) { return null; }
    try {
      var parsed = new URL(u);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (err) { return null; }
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* ---------- indexes ---------- */
  var nodeById = new Map();
  var edgeById = new Map();
  var edgesOfNode = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); edgesOfNode.set(n.id, []); });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    edgesOfNode.get(e.from).push(e);
    if (e.to !== e.from) { edgesOfNode.get(e.to).push(e); }
  });
  function labelOf(id) { var n = nodeById.get(id); return n ? n.label : id; }

  /* ---------- vis data ---------- */
  // size: square-root scale of degree or mentions between the smallest and largest in the map
  var sizeKey = data.sizeBy === "mentions" ? "mentions" : "degree";
  var sizeMin = Infinity, sizeMax = -Infinity;
  data.nodes.forEach(function (n) {
    var v = n[sizeKey] || 0;
    if (v < sizeMin) { sizeMin = v; }
    if (v > sizeMax) { sizeMax = v; }
  });
  function nodeSize(n) {
    if (!(sizeMax > sizeMin)) { return 16; }
    return 13 + 24 * Math.sqrt(((n[sizeKey] || 0) - sizeMin) / (sizeMax - sizeMin));
  }

  var visNodes = data.nodes.map(function (n) {
    var st = typeStyle(n.type);
    var item = {
      id: n.id,
      label: n.label,
      shape: st.shape,
      size: nodeSize(n),
      color: {
        background: st.color, border: st.border,
        highlight: { background: st.color, border: "#111827" },
        hover: { background: st.color, border: "#111827" }
      }
    };
    if (typeof n.x === "number" && typeof n.y === "number") { item.x = n.x; item.y = n.y; }
    return item;
  });

  // parallel links between the same two nodes are drawn as arcs of growing curvature
  var pairCount = new Map();
  var visEdges = data.edges.map(function (e) {
    var key = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    var k = pairCount.get(key) || 0;
    pairCount.set(key, k + 1);
    var w = e.weight || 1;
    var item = {
      id: e.id,
      from: e.from,
      to: e.to,
      label: e.relation,
      width: 1 + Math.min(6, Math.log2(1 + w) * 1.3),
      dashes: e.contested ? [7, 5] : false,
      color: e.contested
        ? { color: CONTESTED_COLOR, highlight: "#7c2d12", hover: "#7c2d12", opacity: 0.95 }
        : { color: EDGE_COLOR, highlight: ACCENT, hover: ACCENT, opacity: 0.9 },
      font: e.contested ? { color: CONTESTED_COLOR } : undefined
    };
    item._pairIndex = k;
    return item;
  });
  visEdges.forEach(function (item) {
    var key = item.from < item.to ? item.from + "\u0000" + item.to : item.to + "\u0000" + item.from;
    if (pairCount.get(key) > 1) {
      item.smooth = { enabled: true, type: "curvedCW", roundness: 0.12 + 0.16 * item._pairIndex };
    }
    delete item._pairIndex;
    if (item.font === undefined) { delete item.font; }
  });

  var big = !data.physics;
  var barnesHut = {
    gravitationalConstant: -9000,
    centralGravity: 0.3,
    springLength: 140,
    springConstant: 0.035,
    damping: 0.32,
    avoidOverlap: 0.5
  };
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: data.physics,
      solver: "barnesHut",
      barnesHut: barnesHut,
      minVelocity: 0.75,
      maxVelocity: 40,
      stabilization: data.physics
        ? { enabled: true, iterations: 500, updateInterval: 25, fit: true }
        : { enabled: false }
    },
    interaction: {
      hover: true,
      tooltipDelay: 100,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      keyboard: false,
      multiselect: false,
      navigationButtons: false
    },
    nodes: {
      borderWidth: 1.5,
      borderWidthSelected: 3,
      font: { face: FONT, size: 20, color: "#1c2430", strokeWidth: 4, strokeColor: "rgba(255,255,255,0.92)" },
      shadow: { enabled: !big, color: "rgba(16,24,40,0.18)", size: 6, x: 0, y: 2 }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.55 } },
      arrowStrikethrough: false,
      smooth: false,
      // on big maps relation labels appear only once zoomed in (15 px * scale >= 9 px)
      scaling: { label: { enabled: false, drawThreshold: big ? 9 : 5 } },
      selectionWidth: 1.5,
      hoverWidth: 1,
      font: {
        face: FONT, size: 15, color: "#4b5768", strokeWidth: 4, strokeColor: "#ffffff",
        align: "horizontal"
      }
    }
  };

  var container = document.getElementById("gk-network");
  var nodesDS = new vis.DataSet(visNodes);
  var edgesDS = new vis.DataSet(visEdges);
  var network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, options);
  window.network = network;

  /* ---------- ready flag ---------- */
  var loading = document.getElementById("gk-loading");
  var ready = false;
  function markReady() {
    if (ready) { return; }
    ready = true;
    document.body.dataset.ready = "1";
  }
  if (data.physics && visNodes.length) {
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  /* ---------- physics toggle ---------- */
  var physicsBtn = document.getElementById("gk-physics");
  var physicsOn = !!data.physics;
  function showPhysics() {
    physicsBtn.setAttribute("aria-pressed", physicsOn ? "true" : "false");
    physicsBtn.textContent = physicsOn ? "Physics: on" : "Physics: off";
  }
  physicsBtn.addEventListener("click", function () {
    physicsOn = !physicsOn;
    network.setOptions({ physics: { enabled: physicsOn, stabilization: { enabled: false } } });
    showPhysics();
  });
  showPhysics();
  document.getElementById("gk-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  });

  /* ---------- evidence blocks (shared by tooltip and panel) ---------- */
  function evidenceBlock(ev, withLink) {
    var box = el("div", "gk-evidence" + (ev.denied_by || ev.negated ? " gk-denied" : ""));
    if (ev.sentence) { box.appendChild(el("q", null, ev.sentence)); }
    var meta = el("div", "gk-sub");
    var bits = [];
    if (ev.title) { bits.push(ev.title); }
    if (ev.published) { bits.push(ev.published); }
    if (!ev.title && ev.path) { bits.push(ev.path); }
    if (bits.length) { meta.appendChild(document.createTextNode(bits.join(" · "))); }
    if (ev.attributed_to) {
      meta.appendChild(document.createTextNode((bits.length ? " · " : "") + "according to " + ev.attributed_to));
    }
    if (meta.firstChild) { box.appendChild(meta); }
    if (ev.denied_by || ev.negated) {
      var flag = el("div", "gk-sub gk-flag");
      var parts = [];
      if (ev.denied_by) { parts.push("denied by " + ev.denied_by); }
      if (ev.negated) { parts.push("negated in this sentence"); }
      flag.textContent = parts.join(" · ");
      box.appendChild(flag);
    }
    if (withLink) {
      var href = safeUrl(ev.url);
      if (href) {
        var a = el("a", null, "open article");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        var line = el("div", "gk-sub");
        line.appendChild(a);
        box.appendChild(line);
      } else if (ev.url) {
        box.appendChild(el("div", "gk-sub", ev.url));
      }
    }
    return box;
  }

  function edgeHeading(e) {
    var h = el("div", "gk-tip-title");
    h.appendChild(document.createTextNode(labelOf(e.from) + " "));
    h.appendChild(el("span", "gk-badge gk-badge-rel", e.relation));
    h.appendChild(document.createTextNode(" " + labelOf(e.to)));
    return h;
  }

  /* ---------- tooltip ---------- */
  var tooltip = document.getElementById("gk-tooltip");
  var mouse = { x: 0, y: 0 };
  var tipVisible = false;
  function placeTooltip() {
    var pad = 14;
    var w = tooltip.offsetWidth;
    var h = tooltip.offsetHeight;
    var x = mouse.x + pad;
    var y = mouse.y + pad;
    if (x + w > window.innerWidth - 8) { x = Math.max(8, mouse.x - w - pad); }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, mouse.y - h - pad); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  container.addEventListener("mousemove", function (ev) {
    mouse.x = ev.clientX;
    mouse.y = ev.clientY;
    if (tipVisible) { placeTooltip(); }
  });
  container.addEventListener("mouseleave", hideTooltip);
  function showTooltip(content) {
    clear(tooltip);
    tooltip.appendChild(content);
    tooltip.style.display = "block";
    tipVisible = true;
    placeTooltip();
  }
  function hideTooltip() {
    tooltip.style.display = "none";
    tipVisible = false;
  }
  function edgeTooltip(e) {
    var box = el("div");
    box.appendChild(edgeHeading(e));
    var sub = el("div", "gk-sub", plural(e.weight, "article") + (e.predicates.length ? " · “" + e.predicates.join("”, “") + "”" : ""));
    box.appendChild(sub);
    if (e.contested) {
      box.appendChild(el("div", "gk-sub gk-flag",
        "Contested" + (e.denied_by.length ? ": denied by " + e.denied_by.join(", ") : "")));
    }
    e.evidence.slice(0, MAX_TOOLTIP_EVIDENCE).forEach(function (ev) { box.appendChild(evidenceBlock(ev, false)); });
    if (e.evidence.length > MAX_TOOLTIP_EVIDENCE) {
      box.appendChild(el("div", "gk-sub", "+ " + (e.evidence.length - MAX_TOOLTIP_EVIDENCE) + " more: click the link for all"));
    }
    return box;
  }
  function nodeTooltip(n) {
    var box = el("div");
    var t = el("div", "gk-tip-title", n.label + " ");
    t.appendChild(el("span", "gk-badge gk-badge-" + (TYPES[n.type] ? n.type : "OTHER"), typeStyle(n.type).name));
    box.appendChild(t);
    box.appendChild(el("div", "gk-sub", plural(n.degree, "link") + " · " + plural(n.articles, "article") + " · " + plural(n.mentions, "mention")));
    if (n.aliases.length) { box.appendChild(el("div", "gk-sub", "also: " + n.aliases.join(", "))); }
    return box;
  }
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge);
    if (e) { showTooltip(edgeTooltip(e)); }
  });
  network.on("blurEdge", hideTooltip);
  network.on("hoverNode", function (p) {
    var n = nodeById.get(p.node);
    if (n) { showTooltip(nodeTooltip(n)); }
  });
  network.on("blurNode", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---------- side panel ---------- */
  var details = document.getElementById("gk-details");
  function showOverview() {
    clear(details);
    details.appendChild(el("p", "gk-hint",
      plural(data.nodes.length, "node") + ", " + plural(data.edges.length, "link") +
      ". Click a node or a link for its details; hover a link to read its evidence."));
  }
  function linkItem(e, perspective) {
    var li = el("li");
    var other = perspective === e.from ? e.to : e.from;
    var name = el("div", "gk-link-name");
    if (perspective === undefined) {
      name.textContent = labelOf(e.from) + " → " + labelOf(e.to);
    } else {
      name.textContent = (perspective === e.from ? "→ " : "← ") + labelOf(other);
    }
    li.appendChild(name);
    var sub = e.relation + " · " + plural(e.weight, "article");
    if (e.contested) { sub += " · contested"; }
    if (perspective === undefined && e.denied_by.length) { sub += " · denied by " + e.denied_by.join(", "); }
    li.appendChild(el("div", "gk-sub", sub));
    li.addEventListener("click", function () { selectEdge(e.id, true); });
    return li;
  }
  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) { return; }
    clear(details);
    var h = el("h3", null, n.label + " ");
    h.appendChild(el("span", "gk-badge gk-badge-" + (TYPES[n.type] ? n.type : "OTHER"), n.type || "OTHER"));
    details.appendChild(h);
    var dl = el("dl", "gk-facts");
    fact(dl, "Type", typeStyle(n.type).name);
    fact(dl, "Aliases", n.aliases.length ? n.aliases.join("; ") : "none");
    fact(dl, "Articles", n.articles);
    fact(dl, "Mentions", n.mentions);
    fact(dl, "Links", n.degree);
    fact(dl, "Key", n.id);
    details.appendChild(dl);
    var links = edgesOfNode.get(id) || [];
    if (links.length) {
      var ul = el("ul", "gk-list");
      links.slice().sort(function (a, b) { return b.weight - a.weight; }).slice(0, 100).forEach(function (e) {
        ul.appendChild(linkItem(e, id));
      });
      details.appendChild(el("div", "gk-sub", "Links (" + links.length + (links.length > 100 ? ", strongest 100 shown" : "") + ")"));
      details.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) { return; }
    clear(details);
    var h = el("h3");
    h.appendChild(edgeHeading(e));
    details.appendChild(h);
    if (e.contested) { details.appendChild(el("span", "gk-badge gk-badge-contested", "contested")); }
    var dl = el("dl", "gk-facts");
    fact(dl, "From", labelOf(e.from));
    fact(dl, "To", labelOf(e.to));
    fact(dl, "Relation", e.relation);
    fact(dl, "Predicates", e.predicates.join("; "));
    fact(dl, "Articles", e.weight);
    fact(dl, "Denied by", e.denied_by.join(", "));
    details.appendChild(dl);
    details.appendChild(el("div", "gk-sub", "Evidence (" + e.evidence.length + ")"));
    e.evidence.forEach(function (ev) { details.appendChild(evidenceBlock(ev, true)); });
  }
  function selectEdge(id, focus) {
    var e = edgeById.get(id);
    if (!e) { return; }
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    if (focus) {
      network.fit({ nodes: [e.from, e.to], animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
    showEdge(id);
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.1),
      animation: { duration: 450, easingFunction: "easeInOutQuad" }
    });
    showNode(id);
  }
  window.graphkitFocus = focusNode;
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); } else { showOverview(); }
  });
  showOverview();

  /* ---------- contested links ---------- */
  (function () {
    var box = document.getElementById("gk-contested");
    var contested = data.edges.filter(function (e) { return e.contested; });
    if (!contested.length) {
      box.appendChild(el("p", "gk-hint", "None: no link in this map is denied or negated."));
      return;
    }
    var ul = el("ul", "gk-list gk-contested-list");
    contested.forEach(function (e) { ul.appendChild(linkItem(e)); });
    box.appendChild(ul);
  })();

  /* ---------- search ---------- */
  var input = document.getElementById("gk-search");
  var status = document.getElementById("gk-search-status");
  var names = document.getElementById("gk-names");
  var index = data.nodes.map(function (n) {
    return { id: n.id, label: n.label.toLowerCase(), aliases: n.aliases.map(function (a) { return a.toLowerCase(); }) };
  });
  (function () {
    var frag = document.createDocumentFragment();
    data.nodes.slice(0, 5000).forEach(function (n) {
      var opt = document.createElement("option");
      opt.value = n.label;
      frag.appendChild(opt);
    });
    names.appendChild(frag);
  })();
  function findNode(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    var i, hit = null;
    for (i = 0; i < index.length; i++) { if (index[i].label === q) { return index[i].id; } }
    for (i = 0; i < index.length; i++) { if (index[i].aliases.indexOf(q) >= 0) { return index[i].id; } }
    for (i = 0; i < index.length && !hit; i++) {
      if (index[i].label.indexOf(q) >= 0 || index[i].aliases.some(function (a) { return a.indexOf(q) >= 0; })) { hit = index[i].id; }
    }
    return hit;
  }
  function runSearch() {
    var id = findNode(input.value);
    if (id === null) {
      status.textContent = input.value.trim() ? "No match" : "";
      return;
    }
    status.textContent = "";
    focusNode(id);
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(); } });
  input.addEventListener("change", runSearch);
  input.addEventListener("input", function () { status.textContent = ""; });
})();
