"""Documents of the quarter as .docx, PDF and .xlsx (SPEC §13.1, issue 10).

Every document is a **kind** in the registry; the rest of this app renders, names, archives and
serves it the same way for every kind.

Registry (``danhgia.documents.registry``)
    ``DocumentKind(code, title, file_stem, lookup, build, ...)`` describes one document:
    ``lookup(request, pk)`` returns the record it is about, read **through ``danhgia.access``**
    (out of scope: 404); ``build(obj, user)`` returns the template context (a dict, numbers
    already formatted from what the engine computed or the stages stored, never recomputed
    differently); ``name_parts(obj)`` the words of the file name after ``file_stem``;
    ``revision(obj)`` ``None`` while the data may still change, else a key under which the
    document is archived once (e.g. the decision's id); ``sample(user)`` a record for the
    template preview; ``formats`` among ``docx``/``pdf``/``xlsx``; ``docx_template`` (a file in
    ``documents/shipped/``, versioned by ``template_version``), ``html_template`` (the PDF's
    twin under ``templates/documents/pdf/``), ``landscape``; ``xlsx(context) -> bytes`` for
    tables. ``register(kind)`` adds one (each module of ``documents/kinds`` registers its kinds
    when the app is ready); ``get_kind(code)`` (404 for an unknown code), ``kinds()``.

Rendering (``danhgia.documents.rendering``)
    ``render_docx(kind, context)`` fills the province's uploaded template if there is one, else
    the shipped one (docxtpl); ``render_pdf(kind, context)`` renders the HTML twin with the
    shared 36-HD/VPTW stylesheet (``styles/van-ban.css``: A4, margins, Liberation Serif
    embedded, header blocks, page numbers from page 2, table headers repeated, rows unsplit)
    through WeasyPrint (``landscape=True``: A4 landscape); ``xlsx_table(title, headers, rows)``
    a streamed one-sheet workbook for a kind's ``xlsx``; ``render(kind, context, fmt) ->
    bytes``; ``check_template(data, context)`` raises ``TemplateInvalid`` with a Vietnamese
    message for a file that is not a usable template.

Common context (``danhgia.documents.presentation``)
    ``letterhead(unit, when)`` the header blocks and "Nơi, ngày … tháng … năm …" line;
    ``num(value, places)`` decimal comma (the engine's ``format_vn``); ``vn_date(d)``.

Files (``danhgia.documents.naming``, ``danhgia.documents.responses``)
    ``file_name(stem, *parts, ext=...)`` → ``Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.docx``
    (ASCII, đ→d); ``document_response(content, name)`` the download (attachment, no-store).

Producing and archiving (``danhgia.documents.archive``)
    ``produce(kind, obj, fmt, user) -> Produced(content, name, archived)``: when
    ``kind.revision(obj)`` is a key, the first production is stored once in private storage with
    its SHA-256 (``ArchivedDocument``) and an audit entry ``document.archived``; later requests
    get the stored bytes, whatever the template has become.

URLs (``documents:download``)
    ``tai-lieu/<kind code>/<id:pk>.<fmt>`` (e.g. ``tai-lieu/ban-tu-danh-gia/42.pdf``); a
    kind about a scope and a quarter reads its other key from the query (``?ky=<period id>``) in
    its ``lookup``. ``documents:templates`` and the pages under it let an administrator
    download, upload, preview and reset a kind's .docx template. Pages offer a document with
    ``{% include "documents/_links.html" with kind=… pk=… period=… label=… excel=True %}``
    (links "(.docx)", "(PDF)" and, with ``excel``, "(Excel)").
"""
