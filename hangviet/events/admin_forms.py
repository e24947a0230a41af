"""Forms of the back-office screens of events (results, decisions, goods checks)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ResultsForm(forms.Form):
    actual_booths = forms.IntegerField(label=_("Số gian hàng"), required=False, min_value=0)
    actual_businesses = forms.IntegerField(label=_("Số doanh nghiệp tham gia"), required=False, min_value=0)
    actual_visitors = forms.IntegerField(label=_("Lượt khách"), required=False, min_value=0)
    actual_revenue = forms.IntegerField(label=_("Doanh thu (đồng)"), required=False, min_value=0)
    actual_trainees = forms.IntegerField(label=_("Số học viên"), required=False, min_value=0)
    actual_spent = forms.IntegerField(label=_("Kinh phí thực chi (đồng)"), required=False, min_value=0)
    evaluation = forms.CharField(label=_("Đánh giá kết quả"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh"))
    caption = forms.CharField(label=_("Chú thích"), max_length=300, required=False)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=[("memorandum", _("Biên bản ghi nhớ")), ("contract", _("Hợp đồng"))])
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    parties = forms.CharField(label=_("Các bên ký kết"), max_length=500)
    value = forms.IntegerField(label=_("Giá trị (đồng)"), required=False, min_value=0)
    signed_on = forms.DateField(label=_("Ngày ký"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    document = forms.FileField(label=_("Tệp văn bản"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect,
                                 choices=[("accept", _("Chấp nhận")), ("decline", _("Không chấp nhận"))])
    booth_code = forms.CharField(label=_("Gian hàng bố trí"), max_length=20, required=False)
    note = forms.CharField(label=_("Ý kiến / lý do"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class GoodsCheckForm(forms.Form):
    goods = forms.CharField(label=_("Hàng hóa được kiểm tra"), max_length=300, required=False)
    origin_ok = forms.BooleanField(label=_("Nguồn gốc, xuất xứ rõ ràng"), required=False)
    labelling_ok = forms.BooleanField(label=_("Nhãn mác, bao bì đúng quy định"), required=False)
    quality_ok = forms.BooleanField(label=_("Bảo đảm chất lượng"), required=False)
    expiry_ok = forms.BooleanField(label=_("Còn hạn sử dụng"), required=False)
    note = forms.CharField(label=_("Ghi chú (bắt buộc khi không đạt)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
