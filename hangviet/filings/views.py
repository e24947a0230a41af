"""Portal pages of the filer: "Hồ sơ của tôi" (every kind) and one filing with its timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hangviet.agencies.scope import scope_for
from hangviet.core.errors import DomainError, NotFound
from hangviet.portal.views import apply_domain_error

from . import policy, selectors, services
from .forms import ActionForm, CommentForm, DocumentForm
from .kinds import get_kind
from .models import FilingState

FILER_ACTIONS = {"submit": gettext_lazy("Nộp hồ sơ"), "cancel": gettext_lazy("Hủy hồ sơ"),
                 "close": gettext_lazy("Kết thúc"), "amend": gettext_lazy("Nộp sửa đổi")}


@login_required
def mine(request):
    scope = scope_for(request.user)
    state = request.GET.get("state") or None
    qs = selectors.filer_filings(scope=scope, state=state)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    for filing in page:
        # drafts open the domain app's form (to finish and submit); the rest open the timeline
        filing.portal_link = (_filer_link(filing) if filing.is_editable else "") or reverse("filings:detail", args=[filing.pk])
    return render(request, "filings/mine.html", {"page": page, "states": FilingState.choices, "state": state})


def _filer_link(filing):
    spec = get_kind(filing.kind, missing_ok=True)
    if spec and spec.filer_url:
        try:
            return spec.filer_url(filing)
        except Exception:  # noqa: BLE001
            return ""
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, filing_id):
    scope = scope_for(request.user)
    try:
        filing = selectors.filing_get(scope=scope, filing_id=filing_id)
    except NotFound:
        raise Http404 from None
    action_form, comment_form, document_form = ActionForm(), CommentForm(), DocumentForm()
    status = 200
    if request.method == "POST":
        what = request.POST.get("form")
        try:
            if what == "action":
                action_form = ActionForm(request.POST)
                if action_form.is_valid():
                    action = action_form.cleaned_data["action"]
                    if action not in FILER_ACTIONS:
                        raise DomainError("action_unknown", _("Thao tác không hợp lệ."))
                    services.filing_act(scope=scope, filing_id=filing.pk, action=action,
                                        note=action_form.cleaned_data["note"])
                    messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": FILER_ACTIONS[action]})
                    return redirect("filings:detail", filing.pk)
            elif what == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    services.filing_comment_add(scope=scope, filing_id=filing.pk, body=comment_form.cleaned_data["body"])
                    messages.success(request, _("Đã gửi ý kiến."))
                    return redirect("filings:detail", filing.pk)
            elif what == "document":
                document_form = DocumentForm(request.POST, request.FILES)
                if document_form.is_valid():
                    services.filing_document_add(scope=scope, filing_id=filing.pk,
                                                 upload=document_form.cleaned_data["file"],
                                                 label=document_form.cleaned_data["label"])
                    messages.success(request, _("Đã nộp tài liệu."))
                    return redirect("filings:detail", filing.pk)
            status = 422
        except DomainError as exc:
            target = {"comment": comment_form, "document": document_form}.get(what, action_form)
            apply_domain_error(target, exc)
            status = exc.form_status
        filing = selectors.filing_get(scope=scope, filing_id=filing.pk)
    actions = [(a, FILER_ACTIONS[a]) for a in policy.available_actions(scope, filing) if a in FILER_ACTIONS]
    context = {"filing": filing, "timeline": selectors.filing_timeline(scope=scope, filing=filing),
               "actions": actions, "action_form": action_form, "comment_form": comment_form,
               "document_form": document_form, "content_link": _filer_link(filing),
               "is_filer": policy.is_filer(scope, filing)}
    return render(request, "filings/detail.html", context, status=status)


@login_required
def document(request, document_id):
    try:
        doc = selectors.document_get(scope=scope_for(request.user), document_id=document_id)
    except NotFound:
        raise Http404 from None
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                        content_type=doc.content_type)
