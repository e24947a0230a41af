from django import forms as djforms
from django.utils.translation import gettext_lazy as _

from hangviet.places.selectors import provinces

from .models import ItemRole, Procedure, PromotionForm
from .services import ItemData, PrizeData, ProgrammeData


class DateInput(djforms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(djforms.Form):
    name = djforms.CharField(label=_("Tên chương trình khuyến mại"), max_length=255)
    procedure = djforms.ChoiceField(label=_("Thủ tục"), choices=[(Procedure.NOTIFY, _("Thông báo")), (Procedure.REGISTER, _("Đăng ký"))],
                                  help_text=_("Chương trình may rủi phải đăng ký; phiếu dự thi, khách hàng thường xuyên: thông báo."))
    forms = djforms.MultipleChoiceField(label=_("Hình thức khuyến mại"), choices=PromotionForm.choices,
                                      widget=djforms.CheckboxSelectMultiple)
    starts_on = djforms.DateField(label=_("Ngày bắt đầu"), widget=DateInput())
    ends_on = djforms.DateField(label=_("Ngày kết thúc"), widget=DateInput())
    provinces = djforms.MultipleChoiceField(label=_("Tỉnh, thành phố thực hiện"), choices=(),
                                          widget=djforms.SelectMultiple(attrs={"size": 6}))
    addressed_to = djforms.ChoiceField(label=_("Gửi tới"), choices=[("department", _("Sở Công Thương")), ("ministry", _("Bộ Công Thương"))],
                                     help_text=_("Một tỉnh: Sở Công Thương; chương trình may rủi từ hai tỉnh trở lên: Bộ Công Thương."))
    call = djforms.TypedChoiceField(label=_("Tham gia đợt khuyến mại"), required=False, coerce=int, empty_value=None, choices=())
    outlets = djforms.CharField(label=_("Địa điểm, cửa hàng tham gia"), required=False, max_length=5000,
                              widget=djforms.Textarea(attrs={"rows": 2}))
    customers = djforms.CharField(label=_("Khách hàng được hưởng"), required=False, max_length=300)
    terms = djforms.CharField(label=_("Thể lệ, điều kiện"), required=False, max_length=20000, widget=djforms.Textarea(attrs={"rows": 4}))
    draw_date = djforms.DateField(label=_("Ngày mở thưởng (chương trình may rủi)"), required=False, widget=DateInput())
    draw_place = djforms.CharField(label=_("Địa điểm mở thưởng"), required=False, max_length=300)

    def __init__(self, *args, calls=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].choices = [(p.code, p.name) for p in provinces().filter(valid_to__isnull=True)]
        self.fields["call"].choices = [("", _("— Không tham gia đợt nào —"))] + [(c.pk, c.title) for c in calls]


class ItemForm(djforms.Form):
    role = djforms.ChoiceField(label=_("Vai trò"), choices=ItemRole.choices)
    name = djforms.CharField(label=_("Tên hàng hóa, dịch vụ"), max_length=255)
    unit_price = djforms.IntegerField(label=_("Giá bán (đồng)"), required=False, min_value=0)
    discount_percent = djforms.IntegerField(label=_("Giảm giá (%)"), required=False, min_value=1, max_value=100)
    promo_value = djforms.IntegerField(label=_("Giá trị KM/đơn vị (đồng)"), required=False, min_value=0)
    quantity = djforms.IntegerField(label=_("Số lượng"), required=False, min_value=0)


class PrizeForm(djforms.Form):
    rank = djforms.CharField(label=_("Giải"), max_length=100)
    description = djforms.CharField(label=_("Nội dung giải"), max_length=300, required=False)
    value = djforms.IntegerField(label=_("Trị giá (đồng)"), required=False, min_value=0)
    quantity = djforms.IntegerField(label=_("Số giải"), required=False, min_value=1, initial=1)


ItemFormSet = djforms.formset_factory(ItemForm, extra=0, min_num=1, max_num=100, absolute_max=100)
PrizeFormSet = djforms.formset_factory(PrizeForm, extra=0, max_num=100, absolute_max=100)


def to_data(form: ProgrammeForm, items, prizes) -> ProgrammeData:
    d = form.cleaned_data
    return ProgrammeData(
        name=d["name"], forms=list(d["forms"]), procedure=d["procedure"], addressed_to=d["addressed_to"],
        starts_on=d["starts_on"], ends_on=d["ends_on"], province_codes=list(d["provinces"]),
        outlets=d.get("outlets") or "", customers=d.get("customers") or "", terms=d.get("terms") or "",
        draw_date=d.get("draw_date"), draw_place=d.get("draw_place") or "", call_id=d.get("call"),
        items=[ItemData(**f.cleaned_data) for f in items if f.cleaned_data and f.cleaned_data.get("name")],
        prizes=[PrizeData(rank=f.cleaned_data["rank"], description=f.cleaned_data.get("description") or "",
                          value=f.cleaned_data.get("value"), quantity=f.cleaned_data.get("quantity") or 1)
                for f in prizes if f.cleaned_data and f.cleaned_data.get("rank")],
    )


def initial_from(programme) -> tuple[dict, list[dict], list[dict]]:
    initial = {"name": programme.name, "procedure": programme.procedure, "forms": programme.forms,
               "starts_on": programme.starts_on, "ends_on": programme.ends_on,
               "provinces": [p.code for p in programme.provinces.all()], "addressed_to": programme.addressed_to,
               "call": programme.call_id, "outlets": programme.outlets, "customers": programme.customers,
               "terms": programme.terms, "draw_date": programme.draw_date, "draw_place": programme.draw_place}
    items = [{"role": i.role, "name": i.name, "unit_price": i.unit_price, "discount_percent": i.discount_percent,
              "promo_value": i.promo_value, "quantity": i.quantity} for i in programme.items.all()]
    prizes = [{"rank": p.rank, "description": p.description, "value": p.value, "quantity": p.quantity}
              for p in programme.prizes.all()]
    return initial, items, prizes


class ResultReportForm(djforms.Form):
    awarded_value = djforms.IntegerField(label=_("Giá trị giải đã trao (đồng)"), min_value=0)
    unawarded_value = djforms.IntegerField(label=_("Giá trị giải không có người trúng (đồng)"), min_value=0)
    winners = djforms.CharField(label=_("Danh sách khách hàng trúng thưởng, ghi chú"), required=False, max_length=20000,
                                widget=djforms.Textarea(attrs={"rows": 4}))
