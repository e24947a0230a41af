"""Public portal: home, sign-in, business self-registration, the account page (API tokens)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hangviet.agencies import selectors as agency_selectors
from hangviet.agencies import services as agency_services
from hangviet.businesses import services as business_services
from hangviet.businesses.services import BusinessData
from hangviet.core.errors import DomainError
from hangviet.core.ratelimit import RateLimited, limit_public
from hangviet.places.selectors import provinces

from .forms import BusinessRegistrationForm, LoginForm, TokenForm


def home(request):
    return render(request, "portal/home.html", {})


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff and request.path.startswith("/quan-tri/"):
            return redirect("portal:account")  # a business account has no back office; never loop
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            limit_public(request, "login", "30/300")
        except RateLimited as exc:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        url = self.get_redirect_url()
        if url:
            return url
        return "/quan-tri/" if self.request.user.is_staff else "/tai-khoan/"


def apply_domain_error(form, exc: DomainError):
    """Show a service's errors next to their fields; errors of hidden or unknown fields go on top of
    the form, where the person can see them."""
    visible = {name for name, field in form.fields.items() if not field.widget.is_hidden}
    if exc.errors:
        for field, msgs in exc.errors.items():
            target = field if field in visible else None
            for msg in msgs:
                form.add_error(target, msg)
    else:
        form.add_error(exc.field if exc.field in visible else None, exc.message)


@require_http_methods(["GET", "POST"])
def register_business(request):
    form = BusinessRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            limit_public(request, "business-register")
            if form.is_valid():
                data = form.cleaned_data
                business_services.business_register(
                    data=BusinessData(**{k: data.get(k) or "" for k in BusinessData.__dataclass_fields__}),
                    username=data["username"], password=data["password"], full_name=data["full_name"],
                )
                messages.success(request, _("Đã gửi đăng ký. Cán bộ Sở Công Thương sẽ xem xét và báo kết quả qua thư điện tử."))
                return redirect("portal:login")
        except DomainError as exc:
            apply_domain_error(form, exc)
            status = exc.form_status
        if status == 200:
            status = 422
    from hangviet.places.selectors import place_list

    province = (request.POST.get("province") or "")[:20]
    communes = place_list(level="commune", parent=province, include_historical=False)[:1000] if province else []
    return render(request, "portal/register.html",
                  {"form": form, "provinces": provinces(), "communes": communes}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revoke":
                agency_services.api_token_revoke(user=request.user, token_id=int(request.POST.get("token_id", "0") or 0))
                messages.success(request, _("Đã thu hồi mã truy cập."))
                return redirect("portal:account")
            if form.is_valid():
                _token, new_token = agency_services.api_token_create(user=request.user, name=form.cleaned_data["name"])
                form = TokenForm()
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Yêu cầu không hợp lệ.")))
    tokens = agency_selectors.user_tokens(user=request.user)
    return render(request, "portal/account.html", {"form": form, "tokens": tokens, "new_token": new_token})


def handler404(request, exception=None):
    return render(request, "portal/error.html", {"code": 404, "message": _("Không tìm thấy trang bạn cần.")}, status=404)


def handler500(request):
    return render(request, "portal/error.html", {"code": 500, "message": _("Hệ thống gặp sự cố. Vui lòng thử lại sau.")}, status=500)


def communes_options(request):
    """<option> list of a province's communes, for the htmx place pickers."""
    from hangviet.places.selectors import place_list

    code = (request.GET.get("province") or "")[:20]
    places = place_list(level="commune", parent=code, include_historical=False)[:1000] if code else []
    return render(request, "portal/_commune_options.html", {"places": places})
