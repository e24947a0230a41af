"""Portal forms of the catalogue. They check the shape of the input only; the rules (lengths,
markup, prices, links, categories, places) live in `services.clean_product_fields`, whose
ValidationFailed errors the views put next to the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.places.selectors import place_list

from .models import Category, CategoryLevel, Origin

MAX_LINKS_CHARS = 3500


def category_choices() -> list:
    """OCOP product sets grouped under "sector › group", then the general categories (one query)."""
    categories = list(Category.objects.select_related("parent").order_by("position", "code"))
    by_parent: dict[str | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    choices: list = [("", _("— Chọn nhóm sản phẩm —"))]
    for sector in by_parent.get(None, []):
        if sector.level != CategoryLevel.SECTOR:
            continue
        for group in by_parent.get(sector.code, []):
            sets = by_parent.get(group.code, [])
            options = [(s.code, f"{s.code} · {s.name}") for s in sets] or [(group.code, f"{group.code} · {group.name}")]
            choices.append((f"{sector.name} › {group.name}", options))
    general = [(c.code, c.name) for c in by_parent.get(None, []) if c.level == CategoryLevel.GENERAL]
    if general:
        choices.append((str(_("Hàng hóa khác (ngoài OCOP)")), general))
    return choices


def place_choices(province_code: str | None, current=None) -> list:
    """Today's communes of the producer's province (and the product's place if it lies elsewhere)."""
    choices: list = [("", _("— Chọn xã/phường —"))]
    if province_code:
        choices += [(p.code, p.name) for p in place_list(level="commune", parent=province_code, include_historical=False)]
    if current is not None and current.pk not in {c for c, _label in choices}:
        choices.append((current.pk, current.name))
    return choices


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Tên sản phẩm"), max_length=255,
                           error_messages={"required": _("Chưa nhập tên sản phẩm.")})
    category = forms.ChoiceField(label=_("Nhóm sản phẩm"), help_text=_("Theo bộ phân loại sản phẩm OCOP"),
                                 error_messages={"required": _("Chưa chọn nhóm sản phẩm.")})
    origin = forms.ChoiceField(label=_("Xuất xứ"), choices=Origin.choices, initial=Origin.LOCAL)
    place = forms.ChoiceField(label=_("Nơi sản xuất (xã/phường)"),
                              error_messages={"required": _("Chưa chọn nơi sản xuất.")})
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    specification = forms.CharField(label=_("Thành phần, quy cách"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    packaging = forms.CharField(label=_("Bao bì, đóng gói"), required=False, max_length=200,
                                help_text=_("Ví dụ: hộp giấy 10 chiếc, túi hút chân không 500 g"))
    unit = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40, help_text=_("Ví dụ: hộp, kg, chai"))
    price_vnd = forms.CharField(label=_("Giá tham khảo (đồng)"), required=False, max_length=30,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                help_text=_("Ví dụ: 120.000"))
    where_sold = forms.CharField(label=_("Nơi bán (cửa hàng, điểm bán)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    ecommerce_links = forms.CharField(label=_("Liên kết thương mại điện tử"), required=False, max_length=MAX_LINKS_CHARS,
                                      widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
                                      help_text=_("Mỗi dòng một liên kết, bắt đầu bằng https:// (tối đa 10)"))

    def __init__(self, *args, province_code: str | None = None, current_place=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["place"].choices = place_choices(province_code, current_place)

    @classmethod
    def initial_for(cls, product) -> dict:
        return {
            "name": product.name, "category": product.category_id, "origin": product.origin, "place": product.place_id,
            "description": product.description, "specification": product.specification, "packaging": product.packaging,
            "unit": product.unit, "price_vnd": f"{product.price_vnd:,}".replace(",", ".") if product.price_vnd is not None else "",
            "where_sold": product.where_sold, "ecommerce_links": "\n".join(product.ecommerce_links or []),
        }

    def service_data(self) -> dict:
        """The cleaned fields as `services.product_create/product_update` take them."""
        return dict(self.cleaned_data)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Ảnh sản phẩm"), help_text=_("JPG, PNG hoặc WebP, tối đa 5 MB"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Chú thích"), required=False, max_length=200)


class VerifyForm(forms.Form):
    so = forms.CharField(label=_("Số giấy chứng nhận OCOP"), max_length=80,
                         error_messages={"required": _("Nhập số giấy chứng nhận cần xác minh."),
                                         "max_length": _("Số giấy chứng nhận dài tối đa 80 ký tự.")},
                         help_text=_("Ghi trên giấy chứng nhận hoặc nhãn sản phẩm, ví dụ 123/GCN-UBND"),
                         widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
