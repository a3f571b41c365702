/// The elements the HTML reader tells apart, by what they do to the text a reader sees.
///
/// Names not listed are `.other`: inline, like `<span>`, with their own name kept for
/// matching end tags (`<o:p>…</o:p>` from Word, custom elements).
///
/// Example: `HTMLTag(name: "TD")` is `.td`, a block (its text is a line of its own);
/// `HTMLTag(name: "font")` is `.font`, inline.
enum HTMLTag: String, CaseIterable, Sendable {
  case other = ""
  // The document and its head.
  case html, head, body, title, meta, base, link, style, script, noscript, template
  // Replaced, embedded and interactive content: never text a reader reads as prose.
  case iframe, object, embed, svg, math, canvas, textarea, select, option, optgroup, button
  case input, xmp, noembed, noframes, plaintext, frameset, frame, map, area, audio, video
  case source, track, param, img, picture
  // Blocks: each starts and ends a line.
  case p, div, section, article, main, header, footer, nav, aside, address, blockquote
  case center, details, dialog, dir, dl, dt, dd, fieldset, figcaption, figure, form
  case h1, h2, h3, h4, h5, h6, hgroup, hr, li, menu, ol, ul, pre, listing, summary, legend
  case table, caption, thead, tbody, tfoot, tr, td, th, col, colgroup
  // Inline elements the reader needs by name.
  case a, br, wbr, span, font, b, i, u, s, em, strong, small, big, sub, sup, label, nobr

  private static let byName: [String: HTMLTag] = Dictionary(
    uniqueKeysWithValues: allCases.filter { $0 != .other }.map { ($0.rawValue, $0) })

  /// The tag of a lower-case element name; `.other` for names not listed.
  init(name: String) {
    self = Self.byName[name] ?? .other
  }

  /// Elements without content or end tag (`<br>`, `<img>`, `<meta>`).
  var isVoid: Bool {
    switch self {
    case .area, .base, .br, .col, .embed, .hr, .img, .input, .link, .meta, .param, .source,
      .track, .wbr, .frame:
      true
    default: false
    }
  }

  /// Elements whose content is raw text up to their end tag, never markup.
  var isRawText: Bool {
    switch self {
    case .script, .style, .xmp, .iframe, .noembed, .noframes, .noscript, .textarea, .title:
      true
    default: false
    }
  }

  /// Raw-text elements whose character references are still decoded (`<title>`).
  var decodesReferences: Bool { self == .title || self == .textarea }

  /// Elements whose text a reader of the page never sees as prose: the head, scripts,
  /// styles, forms' controls, embedded objects. `<title>` is read separately.
  var isInvisible: Bool {
    switch self {
    case .head, .title, .meta, .base, .link, .style, .script, .noscript, .template, .iframe,
      .object, .embed, .svg, .math, .canvas, .textarea, .select, .option, .optgroup, .button,
      .input, .noembed, .noframes, .frameset, .frame, .map, .area, .audio, .video, .source,
      .track, .param, .img, .picture:
      true
    default: false
    }
  }

  /// Elements that begin and end a line of text (`<br>` ends one too, but holds none).
  var isBlock: Bool {
    switch self {
    case .html, .body, .p, .div, .section, .article, .main, .header, .footer, .nav, .aside,
      .address, .blockquote, .center, .details, .dialog, .dir, .dl, .dt, .dd, .fieldset,
      .figcaption, .figure, .form, .h1, .h2, .h3, .h4, .h5, .h6, .hgroup, .hr, .li, .menu, .ol,
      .ul, .pre, .listing, .summary, .legend, .table, .caption, .thead, .tbody, .tfoot, .tr,
      .td, .th, .plaintext:
      true
    default: false
    }
  }

  /// Page furniture by its element alone: navigation, footers, side columns.
  var isFurniture: Bool { self == .nav || self == .footer || self == .aside }

  /// Headings.
  var isHeading: Bool {
    switch self {
    case .h1, .h2, .h3, .h4, .h5, .h6: true
    default: false
    }
  }

  /// Start tags that close an open `<p>` (HTML's "closes a p element").
  var closesParagraph: Bool {
    switch self {
    case .address, .article, .aside, .blockquote, .center, .details, .dialog, .dir, .div, .dl,
      .fieldset, .figcaption, .figure, .footer, .form, .h1, .h2, .h3, .h4, .h5, .h6, .header,
      .hgroup, .hr, .main, .menu, .nav, .ol, .p, .pre, .listing, .section, .summary, .table,
      .ul, .li, .dd, .dt, .plaintext:
      true
    default: false
    }
  }

  /// Elements an implied end tag never reaches past: a `</div>` inside a table cell does
  /// not close a `<div>` outside the table, and a new `<p>` in a cell does not close one
  /// around the table.
  var isScopeBoundary: Bool {
    switch self {
    case .html, .body, .table, .td, .th, .caption, .template, .object, .button: true
    default: false
    }
  }

  /// The table's own structure.
  var isTablePart: Bool {
    switch self {
    case .table, .caption, .thead, .tbody, .tfoot, .tr, .td, .th, .col, .colgroup: true
    default: false
    }
  }
}
