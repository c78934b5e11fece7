/* The mechanism explorer: the coded network of the article, drawn with cytoscape.js.
 *
 * The build embeds the graph as JSON (brimech/explorer.py) in a hidden <div class="bm-explorer">;
 * this script shows that <div> and builds the search, filters, canvas, detail panel, node list
 * and legend inside it. Every string that comes from the data enters the page as text
 * (textContent / Text nodes, canvas labels), never as markup.
 */
(function () {
  "use strict";

  const WORDS = {
    zh: {
      hint: "拖动平移，滚轮或双指缩放；点选节点或列表中的名称查看详情。",
      search: "搜索机制（中文或英文名称的一部分）",
      placeholder: "如：数字丝绸之路、论坛、forum",
      all: { section: "全部章节", field: "全部领域", kind: "全部类型", status: "已有与建议", priority: "全部优先领域" },
      filter: { section: "章节", field: "领域", kind: "类型", status: "状态", priority: "优先领域" },
      reset: "清除搜索与筛选",
      count: (shown, total) => `突出显示 ${shown} / ${total} 个机制`,
      list: "机制列表",
      listCount: (n) => `机制列表（${n}）`,
      semi: "；",
      comma: "、",
      empty: "没有符合条件的机制。",
      canvas: "机制网络图。可用上方的搜索框和右侧（窄屏为下方）的机制列表以键盘浏览。",
      zoomIn: "放大",
      zoomOut: "缩小",
      fit: "全图",
      prompt: "点选图中或列表中的机制，这里会列出它的名称、属性、所在章节和关系。",
      close: "取消选择",
      kind: "类型",
      field: "领域",
      status: "状态",
      priorityMechanism: "（第三部分的优先机制）",
      formality: "正式程度",
      breadth: "覆盖范围",
      actor: "行为体层次",
      priority: "所属优先领域",
      locator: "原文位置",
      note: "说明",
      sections: "讨论它的章节",
      ownSection: "编码所在",
      relationSections: "关系所在",
      relations: (n) => `关系（${n} 条）`,
      group: (type, n) => `${type}（${n}）`,
      noRelations: "数据中没有与它相连的关系。",
      outgoing: "本机制指向它",
      incoming: "它指向本机制",
      directionKey: "→ 本机制是关系的起点（本机制“支撑”对方等），← 本机制是终点。",
      evidence: "依据",
      legend: "图例：颜色表示领域，形状表示类型，空心表示原文建议设立，粗黑边表示优先机制，线型表示关系类型",
      legendFields: "领域",
      legendKinds: "类型",
      legendStatus: "状态",
      legendRelations: "关系类型（箭头由起点指向终点）",
      existing: "已有",
      proposed: "建议设立（空心）",
      priorityHead: "优先机制（粗黑边）",
      hub: "高峰论坛（较大节点）",
      sep: "：",
    },
    en: {
      hint: "Drag to pan, scroll or pinch to zoom; pick a node or a name in the list for its details.",
      search: "Search mechanisms (part of a Chinese or English name)",
      placeholder: "e.g. Digital Silk Road, 论坛",
      all: { section: "All sections", field: "All fields", kind: "All kinds", status: "Existing and proposed", priority: "All priority areas" },
      filter: { section: "Section", field: "Field", kind: "Kind", status: "Status", priority: "Priority area" },
      reset: "Clear search and filters",
      count: (shown, total) => `${shown} of ${total} mechanisms highlighted`,
      list: "Mechanisms",
      listCount: (n) => `Mechanisms (${n})`,
      semi: "; ",
      comma: ", ",
      empty: "No mechanism matches.",
      canvas: "Mechanism network. The search box above and the list beside (below on narrow screens) work with the keyboard.",
      zoomIn: "Zoom in",
      zoomOut: "Zoom out",
      fit: "Fit",
      prompt: "Pick a mechanism in the drawing or the list to see its names, attributes, sections and relations here.",
      close: "Clear selection",
      kind: "Kind",
      field: "Field",
      status: "Status",
      priorityMechanism: " (a priority mechanism of part III)",
      formality: "Formality",
      breadth: "Breadth",
      actor: "Actor level",
      priority: "Priority area",
      locator: "Passage",
      note: "Note",
      sections: "Sections that discuss it",
      ownSection: "coded in",
      relationSections: "relations in",
      relations: (n) => `Relations (${n})`,
      group: (type, n) => `${type} (${n})`,
      noRelations: "No relation in the data links to it.",
      outgoing: "from this mechanism",
      incoming: "to this mechanism",
      directionKey: "→ this mechanism is the source of the relation (it “supports” the other, …), ← it is the target.",
      evidence: "evidence",
      legend: "Legend: colour = field, shape = kind, hollow = proposed by the article, thick black outline = priority mechanism, line style = relation type",
      legendFields: "Fields",
      legendKinds: "Kinds",
      legendStatus: "Status",
      legendRelations: "Relation types (arrows point from source to target)",
      existing: "Existing",
      proposed: "Proposed (hollow)",
      priorityHead: "Priority mechanism (thick black outline)",
      hub: "Belt and Road Forum (larger node)",
      sep: ": ",
    },
  };
  const LANG = (document.documentElement.lang || "zh").toLowerCase().startsWith("en") ? "en" : "zh";
  const W = WORDS[LANG];
  const SVG_NS = "http://www.w3.org/2000/svg";
  const FILTERS = ["section", "field", "kind", "status", "priority"];
  const EDGE_WIDTH = 1.1;

  /* An element with attributes; children are nodes or strings (strings become Text nodes). */
  function make(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") element.textContent = value;
      else element.setAttribute(name, value === true ? "" : String(value));
    }
    element.append(...children.filter((c) => c !== null && c !== undefined));
    return element;
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    return element;
  }

  /* Case, width and punctuation folded away: 「“数字丝绸之路”」 and 数字丝绸之路 compare equal. */
  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, "");
  }

  function inSection(section, prefix) {
    return section === prefix || section.startsWith(prefix + ".");
  }

  function init(root) {
    const data = JSON.parse(root.querySelector("script.bm-explorer-data").textContent);
    const enc = data.encoding;
    const label = (table, key) => (data.labels[table][key] ? data.labels[table][key][LANG] : key);
    const nameOf = (node) => (LANG === "en" ? node.name_en : node.name_zh) || node.id;
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    const sections = new Map(data.sections.map((s) => [s.id, s]));
    const sectionRank = new Map(data.sections.map((s, i) => [s.id, i]));
    const readingOrder = (a, b) =>
      (sectionRank.get(a.section) ?? 99) - (sectionRank.get(b.section) ?? 99) || nameOf(a).localeCompare(nameOf(b), LANG) || (a.id < b.id ? -1 : 1);

    // Search keys: both names, the “quoted” core of the Chinese name, and the field and kind labels.
    const keys = new Map();
    for (const node of data.nodes) {
      const cores = [...(node.name_zh || "").matchAll(/[“"《「]([^”"》」]+)[”"》」]/g)].map((m) => fold(m[1]));
      const tags = ["field", "kind"].flatMap((t) => ["zh", "en"].map((l) => fold((data.labels[t][node[t]] || {})[l])));
      keys.set(node.id, { names: [fold(node.name_zh), fold(node.name_en)], cores, tags });
    }
    /* How well a node matches the query: 0 best, Infinity no match. */
    function rank(node, query) {
      if (!query) return 0;
      const k = keys.get(node.id);
      if (k.names.includes(query)) return 0;
      if (k.cores.includes(query)) return 1;
      if (k.names.some((n) => n.startsWith(query))) return 2;
      if (k.names.some((n) => n.includes(query))) return 3;
      if (k.tags.some((t) => t.includes(query))) return 4;
      return Infinity;
    }

    const state = { query: "", selected: null };
    for (const f of FILTERS) state[f] = "";
    function passes(node) {
      return (
        (!state.section || inSection(node.section, state.section)) &&
        (!state.field || node.field === state.field) &&
        (!state.kind || node.kind === state.kind) &&
        (!state.status || node.status === state.status) &&
        (!state.priority || node.priority === state.priority)
      );
    }

    // --- the page structure ------------------------------------------------------------------
    const uid = "bm-" + Math.random().toString(36).slice(2, 8);
    const search = make("input", { type: "search", id: uid + "-q", class: "bm-search", placeholder: W.placeholder, autocomplete: "off", "aria-controls": uid + "-list" });
    const count = make("p", { class: "bm-count", role: "status", "aria-live": "polite" });
    const selects = {};
    const filterBox = make("div", { class: "bm-filters" });
    const options = {
      section: data.sections.map((s) => [s.id, "\u3000".repeat(s.id.split(".").length - 1) + s.label[LANG] + " " + s.title[LANG].replace(/^\s*(?:[(（][^)）]*[)）]|\d+[.、]|[一二三四五六七八九十]+、)\s*/, "")]),
      field: enc.field_order.filter((f) => data.nodes.some((n) => n.field === f)).map((f) => [f, label("field", f)]),
      kind: enc.kind_order.filter((k) => data.nodes.some((n) => n.kind === k)).map((k) => [k, label("kind", k)]),
      status: Object.keys(data.labels.status).map((s) => [s, label("status", s)]),
      priority: Object.keys(data.labels.priority).map((p) => [p, label("priority", p)]),
    };
    for (const f of FILTERS) {
      const select = make("select", { id: `${uid}-${f}` }, make("option", { value: "", text: W.all[f] }));
      for (const [value, text] of options[f]) select.append(make("option", { value, text }));
      select.addEventListener("change", () => {
        state[f] = select.value;
        update();
        showActive();
      });
      selects[f] = select;
      filterBox.append(make("label", { class: "bm-filter" }, make("span", { text: W.filter[f] }), select));
    }
    const reset = make("button", { type: "button", class: "bm-reset", text: W.reset });
    filterBox.append(reset);

    const canvas = make("div", { class: "bm-canvas", role: "img", "aria-label": W.canvas });
    const zoomIn = make("button", { type: "button", "aria-label": W.zoomIn, title: W.zoomIn, text: "+" });
    const zoomOut = make("button", { type: "button", "aria-label": W.zoomOut, title: W.zoomOut, text: "−" });
    const fit = make("button", { type: "button", title: W.fit, text: W.fit });
    const stage = make("div", { class: "bm-stage" }, canvas, make("div", { class: "bm-zoom" }, zoomIn, zoomOut, fit));
    const panel = make("section", { class: "bm-panel", "aria-live": "polite", tabindex: "-1" });
    const list = make("ul", { class: "bm-list", id: uid + "-list" });
    const listHeading = make("h3", { class: "bm-list-heading" });
    const side = make("div", { class: "bm-side" }, panel, make("nav", { class: "bm-nav", "aria-label": W.list }, listHeading, list));
    root.append(
      make("p", { class: "bm-hint", text: W.hint }),
      make("div", { class: "bm-query" }, make("label", { for: search.id, text: W.search }), search, count),
      filterBox,
      make("div", { class: "bm-main" }, stage, side),
      legend()
    );
    root.hidden = false;

    // --- the drawing -------------------------------------------------------------------------
    const style = [
      {
        selector: "node",
        style: {
          width: "data(size)",
          height: "data(size)",
          "background-color": "data(fill)",
          "border-color": "data(stroke)",
          "border-width": "data(strokeWidth)",
          label: "data(label)",
          "font-family": getComputedStyle(root).fontFamily,
          "font-size": 10,
          color: "#1a1a1a",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "wrap",
          "text-max-width": 96,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "text-background-padding": 1,
          "min-zoomed-font-size": 8,
        },
      },
      {
        selector: "edge",
        style: {
          width: EDGE_WIDTH,
          "line-color": enc.edge_colour,
          "target-arrow-color": enc.edge_colour,
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.8,
          "curve-style": "bezier",
        },
      },
    ];
    for (const [kind, shape] of Object.entries(enc.kind_shape)) {
      const s = shape.shape === "polygon" ? { shape: "polygon", "shape-polygon-points": shape.points.join(" ") } : { shape: "ellipse" };
      style.push({ selector: `node[kind = "${kind}"]`, style: s });
    }
    for (const [relation, dash] of Object.entries(enc.relation_dash)) {
      if (!dash.length) continue;
      style.push({ selector: `edge[type = "${relation}"]`, style: { "line-style": "dashed", "line-dash-pattern": dash.map((d) => d * EDGE_WIDTH) } });
    }
    style.push(
      // Later rules win: a selected mechanism and its neighbours stay in full view whatever the filters fade.
      { selector: ".context", style: { opacity: 0.4 } },
      { selector: "node.faded", style: { opacity: 0.15 } },
      { selector: "edge.faded", style: { opacity: 0.08 } },
      { selector: "edge.incident", style: { width: 2.2, "line-color": "#111111", "target-arrow-color": "#111111", "z-index": 9, opacity: 1 } },
      { selector: "node.neighbour", style: { opacity: 1, "underlay-color": "#f0a500", "underlay-opacity": 0.5, "underlay-padding": 5, "underlay-shape": "ellipse", "min-zoomed-font-size": 0, "z-index": 9 } },
      { selector: "node.selected", style: { opacity: 1, "underlay-color": "#d7263d", "underlay-opacity": 0.55, "underlay-padding": 8, "underlay-shape": "ellipse", "min-zoomed-font-size": 0, "font-weight": "bold", "z-index": 10 } }
    );

    const elements = [];
    for (const node of data.nodes) {
      const shape = enc.kind_shape[node.kind] || { scale: 1 };
      const colour = enc.field_colour[node.field] || "#999999";
      elements.push({
        group: "nodes",
        data: {
          id: node.id,
          kind: node.kind,
          label: nameOf(node),
          size: enc.node_size * shape.scale * (node.hub ? enc.hub_scale : 1),
          fill: node.status === "proposed" ? "#ffffff" : colour,
          stroke: node.is_priority ? enc.priority_edge : colour,
          strokeWidth: node.is_priority ? 3.2 : 1.8,
        },
        position: { x: node.x, y: node.y },
      });
    }
    data.edges.forEach((edge, i) => elements.push({ group: "edges", data: { id: "e" + i, source: edge.source, target: edge.target, type: edge.type } }));

    const cy = window.cytoscape({
      container: canvas,
      elements,
      style,
      layout: { name: "preset" },
      minZoom: 0.15,
      maxZoom: 4,
      autoungrabify: true,
      autounselectify: true,
      boxSelectionEnabled: false,
    });
    root.bmCy = cy; // for the browser tests

    // The selected mechanism and its neighbours keep labels of one screen size at any zoom.
    const keepLabelSize = () => cy.style().selector("node.neighbour, node.selected").style("font-size", 11 / cy.zoom()).update();
    cy.on("zoom", keepLabelSize);
    keepLabelSize();
    cy.on("tap", "node", (event) => select(event.target.id()));
    cy.on("tap", (event) => {
      if (event.target === cy) clearSelection();
    });
    zoomIn.addEventListener("click", () => zoomBy(1.4));
    zoomOut.addEventListener("click", () => zoomBy(1 / 1.4));
    fit.addEventListener("click", () => cy.animate({ fit: { eles: cy.nodes(), padding: 20 } }, { duration: 200 }));
    function zoomBy(factor) {
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }

    // --- filtering and the list --------------------------------------------------------------
    let ranked = [];
    function update() {
      const query = fold(state.query);
      const shown = new Set();
      ranked = data.nodes
        .map((node) => ({ node, rank: passes(node) ? rank(node, query) : Infinity }))
        .filter((r) => r.rank !== Infinity)
        .sort((a, b) => a.rank - b.rank || (query ? b.node.degree - a.node.degree : 0) || readingOrder(a.node, b.node))
        .map((r) => r.node);
      for (const node of ranked) shown.add(node.id);
      cy.batch(() => {
        cy.nodes().forEach((n) => n.toggleClass("faded", !shown.has(n.id())));
        cy.edges().forEach((e) => e.toggleClass("faded", !(shown.has(e.data("source")) && shown.has(e.data("target")))));
      });
      count.textContent = W.count(ranked.length, data.nodes.length);
      listHeading.textContent = W.listCount(ranked.length);
      list.replaceChildren(
        ...(ranked.length
          ? ranked.map((node) => {
              const button = make("button", { type: "button", "data-node": node.id, "aria-current": node.id === state.selected ? "true" : null }, swatch(node), nameOf(node));
              button.addEventListener("click", () => select(node.id, { reveal: true }));
              return make("li", {}, button);
            })
          : [make("li", { class: "bm-empty", text: W.empty })])
      );
    }

    /* After a filter change: frame what stays highlighted (the whole network if nothing or everything does). */
    function showActive() {
      if (state.selected) return;
      const active = cy.nodes().not(".faded");
      cy.stop();
      cy.animate(viewOf(active.length ? active : cy.nodes()), { duration: 250 });
    }

    function swatch(node) {
      const colour = enc.field_colour[node.field] || "#999999";
      const dot = make("span", { class: "bm-swatch", "aria-hidden": "true" });
      dot.style.backgroundColor = node.status === "proposed" ? "#ffffff" : colour;
      dot.style.borderColor = node.is_priority ? enc.priority_edge : colour;
      return dot;
    }

    search.addEventListener("input", () => {
      state.query = search.value;
      update();
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        if (ranked.length && fold(state.query)) select(ranked[0].id);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        search.value = state.query = "";
        clearSelection();
        update();
      }
    });
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.selected) {
        clearSelection();
        search.focus();
      }
    });
    reset.addEventListener("click", () => {
      search.value = state.query = "";
      for (const f of FILTERS) selects[f].value = state[f] = "";
      update();
      showActive();
    });

    // --- selection and the panel -------------------------------------------------------------
    function select(id, { reveal = false, hash = true } = {}) {
      const node = byId.get(id);
      if (!node) return;
      state.selected = id;
      const element = cy.getElementById(id);
      const hood = element.closedNeighborhood();
      cy.batch(() => {
        cy.elements().removeClass("selected neighbour incident context");
        cy.elements().not(hood).addClass("context");
        hood.nodes().not(element).addClass("neighbour");
        element.connectedEdges().addClass("incident");
        element.addClass("selected");
      });
      // Show the mechanism with its neighbours, no closer than labels need and no farther than the whole network.
      cy.stop();
      cy.animate(viewOf(hood), { duration: 250 });
      renderPanel(node);
      for (const button of list.querySelectorAll("button[data-node]")) {
        if (button.dataset.node === id) button.setAttribute("aria-current", "true");
        else button.removeAttribute("aria-current");
      }
      if (hash) history.replaceState(null, "", "#node=" + encodeURIComponent(id));
      if (reveal) panel.scrollIntoView({ block: "nearest" });
    }

    function viewOf(eles) {
      const box = eles.boundingBox({ includeLabels: false });
      const padding = 40;
      const fitted = Math.min((cy.width() - 2 * padding) / Math.max(box.w, 1), (cy.height() - 2 * padding) / Math.max(box.h, 1));
      const zoom = Math.min(fitted, 1.6);
      const centre = { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
      return { zoom, pan: { x: cy.width() / 2 - centre.x * zoom, y: cy.height() / 2 - centre.y * zoom } };
    }

    function clearSelection() {
      if (!state.selected) return;
      state.selected = null;
      cy.elements().removeClass("selected neighbour incident context");
      renderPrompt();
      for (const button of list.querySelectorAll("button[aria-current]")) button.removeAttribute("aria-current");
      if (location.hash.startsWith("#node=")) history.replaceState(null, "", location.pathname + location.search);
    }

    function renderPrompt() {
      panel.replaceChildren(make("p", { class: "bm-prompt", text: W.prompt }));
    }

    function sectionLink(id) {
      const section = sections.get(id);
      if (!section) return document.createTextNode(id);
      const text = section.label[LANG];
      return section.href ? make("a", { href: section.href, title: section.title[LANG], text }) : make("span", { title: section.title[LANG], text });
    }

    /* The article passage a row rests on (二(一)¶2), linked to the section that restates it. */
    function passageLink(row) {
      const text = row.locator_label ? row.locator_label[LANG] : row.locator;
      const section = sections.get(row.locator_section);
      const attributes = { class: "bm-locator", title: W.locator, text };
      return section && section.href ? make("a", { href: section.href, ...attributes }) : make("span", attributes);
    }

    function fact(term, ...value) {
      return [make("dt", { text: term }), make("dd", {}, ...value)];
    }

    function renderPanel(node) {
      const edges = data.edges.filter((e) => e.source === node.id || e.target === node.id);
      const facts = make("dl", { class: "bm-facts" });
      const fieldValue = make("span", {}, swatch(node), label("field", node.field));
      facts.append(
        ...fact(W.kind, label("kind", node.kind)),
        ...fact(W.field, fieldValue),
        ...fact(W.status, label("status", node.status) + (node.is_priority ? W.priorityMechanism : "")),
        ...fact(W.formality, label("formality", node.formality)),
        ...fact(W.breadth, label("breadth", node.breadth)),
        ...fact(W.actor, label("actor_level", node.actor_level))
      );
      if (node.priority) facts.append(...fact(W.priority, label("priority", node.priority)));
      if (node.locator) facts.append(...fact(W.locator, passageLink(node)));
      if (node.note) facts.append(...fact(W.note, node.note));

      const others = [...new Set(edges.map((e) => e.section))].filter((s) => s && s !== node.section).sort((a, b) => (sectionRank.get(a) ?? 99) - (sectionRank.get(b) ?? 99));
      const where = make("p", { class: "bm-sections" }, `${W.ownSection}${W.sep}`, sectionLink(node.section));
      if (others.length) {
        where.append(`${W.semi}${W.relationSections}${W.sep}`);
        others.forEach((s, i) => where.append(...(i ? [W.comma] : []), sectionLink(s)));
      }

      const relations = make("div", { class: "bm-relations" });
      for (const type of enc.relation_order) {
        const group = edges.filter((e) => e.type === type);
        if (!group.length) continue;
        const items = group.map((edge) => {
          const outgoing = edge.source === node.id;
          const other = byId.get(outgoing ? edge.target : edge.source);
          const go = make("button", { type: "button", class: "bm-neighbour", "data-node": other.id }, swatch(other), nameOf(other));
          go.addEventListener("click", () => {
            select(other.id);
            panel.focus({ preventScroll: true });
          });
          const evidence = make("span", { class: `bm-evidence bm-${edge.evidence}`, title: W.evidence, text: label("evidence", edge.evidence) });
          const detail = make("span", { class: "bm-relation-detail" }, evidence, " ", edge.locator ? passageLink(edge) : sectionLink(edge.section));
          const body = make("div", {}, go, detail);
          if (edge.note) body.append(make("span", { class: "bm-relation-note", text: edge.note }));
          const way = outgoing ? W.outgoing : W.incoming;
          return make(
            "li",
            { class: "bm-relation", "data-direction": outgoing ? "out" : "in" },
            make("span", { class: "bm-direction", title: way, "aria-label": way, text: outgoing ? "→" : "←" }),
            body
          );
        });
        relations.append(make("h4", { text: W.group(label("relation", type), group.length) }), make("ul", {}, ...items));
      }
      if (edges.length) relations.prepend(make("p", { class: "bm-direction-key", text: W.directionKey }));
      else relations.append(make("p", { text: W.noRelations }));

      const close = make("button", { type: "button", class: "bm-close", "aria-label": W.close, title: W.close, text: "×" });
      close.addEventListener("click", () => {
        clearSelection();
        search.focus();
      });
      const heading = make("h3", { class: "bm-name", lang: "zh" }, node.name_zh);
      panel.replaceChildren(
        close,
        heading,
        make("p", { class: "bm-name-en", lang: "en", text: node.name_en }),
        facts,
        make("h4", { class: "bm-sub", text: W.sections }),
        where,
        make("h4", { class: "bm-sub", text: W.relations(edges.length) }),
        relations
      );
    }

    // --- legend ----------------------------------------------------------------------------------
    function shapeIcon(kind, fill, stroke, strokeWidth) {
      const icon = svg("svg", { viewBox: "-1.3 -1.3 2.6 2.6", width: 16, height: 16, "aria-hidden": "true", class: "bm-icon" });
      const shape = enc.kind_shape[kind] || { shape: "ellipse" };
      const attributes = { fill, stroke, "stroke-width": strokeWidth };
      if (shape.shape === "polygon") {
        const pairs = [];
        for (let i = 0; i < shape.points.length; i += 2) pairs.push(`${shape.points[i]},${shape.points[i + 1]}`);
        icon.append(svg("polygon", { points: pairs.join(" "), ...attributes }));
      } else icon.append(svg("circle", { r: 1, ...attributes }));
      return icon;
    }

    function legend() {
      const entry = (icon, text) => make("li", {}, icon, text);
      const usedFields = enc.field_order.filter((f) => data.nodes.some((n) => n.field === f));
      const usedKinds = enc.kind_order.filter((k) => data.nodes.some((n) => n.kind === k));
      const usedRelations = enc.relation_order.filter((r) => data.edges.some((e) => e.type === r));
      const fields = usedFields.map((f) => entry(shapeIcon("mechanism", enc.field_colour[f], enc.field_colour[f], 0.25), label("field", f)));
      const kinds = usedKinds.map((k) => entry(shapeIcon(k, "#777777", "#777777", 0.2), label("kind", k)));
      const status = [
        entry(shapeIcon("mechanism", "#777777", "#777777", 0.25), W.existing),
        entry(shapeIcon("mechanism", "#ffffff", "#777777", 0.25), W.proposed),
        entry(shapeIcon("mechanism", "#777777", enc.priority_edge, 0.5), W.priorityHead),
      ];
      const relations = usedRelations.map((r) => {
        const line = svg("svg", { viewBox: "0 0 36 8", width: 36, height: 8, "aria-hidden": "true", class: "bm-icon" });
        const dash = enc.relation_dash[r].map((d) => d * 1.5).join(" ");
        line.append(svg("line", { x1: 0, y1: 4, x2: 36, y2: 4, stroke: enc.edge_colour, "stroke-width": 1.5, ...(dash ? { "stroke-dasharray": dash } : {}) }));
        return entry(line, label("relation", r));
      });
      const group = (title, items) => make("div", { class: "bm-legend-group" }, make("p", { class: "bm-legend-title", text: title }), make("ul", {}, ...items));
      return make(
        "details",
        { class: "bm-legend" },
        make("summary", { text: W.legend }),
        group(W.legendFields, fields),
        group(W.legendKinds, kinds),
        group(W.legendStatus, status),
        group(W.legendRelations, relations)
      );
    }

    // --- start ---------------------------------------------------------------------------------
    /* #node=<id> selects a mechanism, #section=<id> opens filtered to a section (the chapters link so). */
    function openFromHash() {
      const wanted = new URLSearchParams(location.hash.slice(1));
      const section = wanted.get("section");
      if (section && sections.has(section)) {
        state.section = selects.section.value = section;
        update();
        cy.fit(cy.nodes().not(".faded"), 30);
      }
      const id = wanted.get("node");
      if (id && byId.has(id)) {
        select(id, { hash: false });
        root.scrollIntoView({ block: "start" });
      }
    }
    update();
    renderPrompt();
    cy.fit(cy.nodes(), 20);
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
  }

  function start() {
    if (typeof window.cytoscape !== "function") return; // the library did not load: the static figure stays
    const explorers = document.querySelectorAll(".bm-explorer");
    explorers.forEach(init);
    // The page's words for readers without the explorer (where to find the static figures).
    if (explorers.length) document.querySelectorAll(".bm-noscript").forEach((note) => (note.hidden = true));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
