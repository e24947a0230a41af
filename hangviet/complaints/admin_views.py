"""Back-office pages of complaints beyond the model screens: officer intake from the other channels
(the "add" page) and the personal-data requests (find a person's cases, export them as JSON or XLSX,
erase the personal data). Thin adapters: the services and selectors decide."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.agencies.scope import Scope, scope_for
from hangviet.core.errors import DomainError
from hangviet.places.models import Level, Place
from hangviet.places.selectors import provinces

from . import personal_data, policy, services
from .forms import ErasureForm, IntakeForm, PersonForm
from .models import Complaint

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, "opts": Complaint._meta, **extra}


def _apply(form, exc: DomainError) -> None:
    for key, msgs in (exc.errors or {None: [exc.message]}).items():
        for msg in msgs:
            form.add_error(key if key in form.fields else None, msg)


def place_choices(scope: Scope) -> list[tuple[str, str]]:
    """The places an officer may record a complaint in: their own area and the communes in it."""
    root = scope.place
    if scope.is_admin or root is None:
        return [(p.code, p.name) for p in provinces()]
    if root.level == Level.PROVINCE:
        below = Q(province_id=root.pk, level=Level.COMMUNE, valid_to__isnull=True)
    elif root.level == Level.DISTRICT:
        below = Q(parent_id=root.pk) | Q(pk__in=root.successors.values("pk"))
    else:
        below = Q(pk__in=[])
    rows = [(root.code, root.name)]
    rows += [(p.code, p.name) for p in Place.objects.filter(below).exclude(pk=root.pk).order_by("search_key")[:1500]]
    return rows


def business_choices(scope: Scope) -> list[tuple[str, str]]:
    from hangviet.businesses.selectors import business_list

    qs = business_list(scope=scope, status="approved").order_by("search_key")[:500]
    return [(str(b.pk), f"{b.name} ({b.tax_code})") for b in qs]


def intake_view(request):
    scope = scope_for(request.user)
    if not policy.can_intake(scope):
        raise DjangoPermissionDenied
    kwargs = {"places": place_choices(scope), "businesses": business_choices(scope)}
    form = IntakeForm(request.POST or None, request.FILES or None, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cd = form.cleaned_data
            data = services.ComplaintData(
                kind=cd["kind"], category=cd["category"], description=cd["description"],
                business_id=cd["business_id"], business_name=cd["business_name"], product_name=cd["product_name"],
                place_code=cd["place_code"], place_detail=cd["place_detail"], occurred_on=cd["occurred_on"],
                full_name=cd["full_name"], phone=cd["phone"], email=cd["email"], address=cd["address"],
                id_number=cd["id_number"], anonymous=cd["anonymous"], consent_share=cd["consent_share"],
                files=request.FILES.getlist("files"))
            try:
                complaint, code, _created = services.intake_complaint(
                    scope=scope, data=data, channel=cd["channel"], received_at=cd["received_on"],
                    original_documents=cd["original_documents"], documents=request.FILES.getlist("documents"))
            except DomainError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Đã tiếp nhận hồ sơ %(ref)s; hạn xử lý %(due)s. Mã tra cứu cho người "
                                            "phản ánh: %(code)s") % {
                    "ref": complaint.reference, "due": f"{complaint.due_date:%d/%m/%Y}",
                    "code": services.format_code(code)})
                return redirect("admin:complaints_complaint_change", complaint.pk)
        status = 422
    return TemplateResponse(request, "admin/complaints/intake.html",
                            _context(request, _("Tiếp nhận phản ánh, khiếu nại từ kênh khác"), form=form),
                            status=status)


def personal_data_view(request):
    """Find a person's cases by phone or e-mail; export (JSON, XLSX) or erase their personal data.
    With ?ids=1,2 (from the list action) it erases the complainants of those cases."""
    scope = scope_for(request.user)
    if not policy.can_manage_personal_data(scope):
        raise DjangoPermissionDenied
    ids = [int(x) for x in (request.GET.get("ids") or request.POST.get("ids") or "").split(",") if x.isdigit()][:500]
    person_form = PersonForm(request.GET if not ids and ("phone" in request.GET or "email" in request.GET) else None)
    erase_form = ErasureForm(request.POST if request.method == "POST" else None)
    person = None
    cases = []
    status = 200
    if ids:
        cases = list(Complaint.objects.filter(pk__in=ids).select_related("complainant", "place"))
    elif person_form.is_bound and person_form.is_valid():
        try:
            person = personal_data.clean_person(**person_form.cleaned_data)
        except DomainError as exc:
            _apply(person_form, exc)
            status = 422
        else:
            cases = list(personal_data.person_cases(scope=scope, person=person).select_related("complainant"))
            fmt = request.GET.get("format")
            if fmt in ("json", "xlsx"):
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
                if fmt == "json":
                    content, mime, ext = personal_data.export_json(scope=scope, person=person), "application/json", "json"
                else:
                    content, mime, ext = personal_data.export_xlsx(scope=scope, person=person), XLSX, "xlsx"
                response = HttpResponse(content, content_type=mime)
                response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.{ext}"'
                return response
    if request.method == "POST":
        if erase_form.is_valid() and (ids or person is not None):
            try:
                if ids:
                    result = personal_data.erase_cases(scope=scope, complaint_ids=ids,
                                                       reason=erase_form.cleaned_data["reason"])
                else:
                    result = personal_data.erase_person(scope=scope, person=person,
                                                        reason=erase_form.cleaned_data["reason"])
            except DomainError as exc:
                _apply(erase_form, exc)
                status = 422
            else:
                if result.erased:
                    messages.success(request, _("Đã xóa dữ liệu cá nhân trong %(n)d hồ sơ (%(refs)s); đã xóa "
                                                "%(f)d tệp giấy tờ cá nhân. Nội dung vụ việc được giữ lại.") % {
                        "n": len(result.erased), "refs": ", ".join(result.erased), "f": result.files_deleted})
                if result.skipped_open:
                    messages.warning(request, _("Chưa xóa %(n)d hồ sơ đang xử lý (%(refs)s): cần thông tin liên hệ "
                                                "để giải quyết; xóa sau khi kết thúc.") % {
                        "n": len(result.skipped_open), "refs": ", ".join(result.skipped_open)})
                if not result.erased and not result.skipped_open:
                    messages.info(request, _("Không có dữ liệu cá nhân nào cần xóa."))
                return redirect("admin:complaints_complaint_changelist")
        else:
            status = 422
    return TemplateResponse(request, "admin/complaints/personal_data.html", _context(
        request, _("Dữ liệu cá nhân người phản ánh: xuất, xóa theo yêu cầu"), person_form=person_form,
        erase_form=erase_form, person=person, cases=cases, ids=",".join(map(str, ids)),
        query=request.GET.urlencode()), status=status)
