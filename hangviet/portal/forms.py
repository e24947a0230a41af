from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hangviet.businesses.models import BusinessKind


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần sai liên tiếp, tài khoản sẽ bị khóa tạm thời."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "locked": _("Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau."),
    }

    def clean(self):
        try:
            data = super().clean()
        except forms.ValidationError:
            if getattr(self.request, "hangviet_locked", False):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise
        user = self.get_user()
        if self.request is not None and self.request.path.startswith("/quan-tri/") and user and not user.is_staff:
            raise forms.ValidationError(
                _("Tài khoản doanh nghiệp đăng nhập tại cổng thông tin, không dùng trang quản trị."), code="not_staff"
            )
        return data


class BusinessRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Tên doanh nghiệp / cơ sở"), max_length=255)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20,
                               help_text=_("10 số, 13 số (chi nhánh) hoặc 12 số định danh cá nhân của hộ kinh doanh"))
    kind = forms.ChoiceField(label=_("Loại hình"), choices=BusinessKind.choices)
    province = forms.CharField(label=_("Tỉnh/thành phố"), max_length=20, required=False)
    place_code = forms.CharField(label=_("Xã/phường (mã)"), max_length=20)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    representative = forms.CharField(label=_("Người đại diện"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    sector = forms.CharField(label=_("Ngành nghề"), max_length=200, required=False)
    full_name = forms.CharField(label=_("Họ tên người đăng ký"), max_length=150)
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, max_length=128,
                               help_text=_("Ít nhất 10 ký tự, không chỉ gồm chữ số"))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=100)
