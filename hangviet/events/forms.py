from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EventKind


class ApplicationForm(forms.Form):
    products = forms.MultipleChoiceField(label=_("Sản phẩm trong danh mục của doanh nghiệp"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    products_note = forms.CharField(label=_("Sản phẩm mang tới"), required=False, max_length=3000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Ví dụ: nem chua, chả tôm, bánh gai (mỗi dòng một sản phẩm)"))
    booths_requested = forms.IntegerField(label=_("Số gian hàng đề nghị"), min_value=1, max_value=20, initial=1)
    booth_needs = forms.CharField(label=_("Yêu cầu về gian hàng"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Điện, nước, tủ mát, vị trí…"))
    contact_name = forms.CharField(label=_("Người liên hệ"), required=False, max_length=150)
    contact_phone = forms.CharField(label=_("Điện thoại liên hệ"), required=False, max_length=20)

    def __init__(self, *args, product_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = list(product_choices)
        if not product_choices:
            del self.fields["products"]

    def clean_products(self):
        return [int(v) for v in self.cleaned_data.get("products") or []]


class CalendarFilterForm(forms.Form):
    province = forms.RegexField(regex=r"^\d{2}$", required=False, max_length=2)
    kind = forms.ChoiceField(choices=[("", _("Tất cả loại"))] + list(EventKind.choices), required=False)
    q = forms.CharField(required=False, max_length=200)


class FairRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Tên hội chợ, triển lãm"), max_length=255)
    theme = forms.CharField(label=_("Chủ đề"), max_length=300, required=False)
    opens_on = forms.DateField(label=_("Ngày khai mạc"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("Ngày bế mạc"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place_code = forms.CharField(label=_("Mã xã/phường nơi tổ chức"), max_length=20,
                                 help_text=_("Ví dụ 16531 (Phường Sầm Sơn); tra cứu tại /api/v1/places?q=…"))
    venue = forms.CharField(label=_("Địa điểm tổ chức"), max_length=300)
    expected_booths = forms.IntegerField(label=_("Quy mô dự kiến (số gian hàng)"), min_value=1, max_value=100000)
    shows_comparison_goods = forms.BooleanField(
        label=_("Có trưng bày hàng giả, hàng vi phạm sở hữu trí tuệ để so sánh"), required=False)
    comparison_note = forms.CharField(label=_("Cách trưng bày và ghi rõ hàng so sánh"), required=False,
                                      max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    quality_title_evidence = forms.CharField(label=_("Căn cứ cho danh hiệu chất lượng trong tên (nếu có)"),
                                             required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FairAmendmentForm(FairRegistrationForm):
    """The whole content again, as it will be after the change, and what changes."""
    change_note = forms.CharField(label=_("Nội dung thay đổi"), max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Nêu rõ điều gì thay đổi so với nội dung đã được xác nhận, và lý do."))


class FairCancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class FairReportForm(forms.Form):
    actual_booths = forms.IntegerField(label=_("Số gian hàng thực tế"), min_value=0, max_value=1_000_000,
                                       required=False)
    actual_businesses = forms.IntegerField(label=_("Số doanh nghiệp tham gia"), min_value=0, max_value=1_000_000,
                                           required=False)
    actual_visitors = forms.IntegerField(label=_("Lượt khách tham quan"), min_value=0, max_value=100_000_000,
                                         required=False)
    actual_revenue = forms.IntegerField(label=_("Doanh thu ước tính (đồng)"), min_value=0,
                                        max_value=10**15, required=False)
    report_text = forms.CharField(label=_("Nội dung báo cáo kết quả"), max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
