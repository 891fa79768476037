"""Output settings shared by every renderer: fonts, sizes, digits, page margins."""

from __future__ import annotations

import attrs

#: Body size at which each known family matches the official TH SarabunPSK 16 pt.
#: Sarabun (the bundled font) is drawn much larger than TH Sarabun New at the same point size:
#: Sarabun 11 pt ≈ TH Sarabun New 16 pt (x-height 0.500 em vs 0.340 em).
MATCHING_SIZE = {
    "TH SarabunPSK": 16.0,
    "TH Sarabun New": 16.0,
    "Sarabun": 11.0,
}

BUILTIN_FONTS = ("TH SarabunPSK", "Sarabun")


@attrs.frozen
class Settings:
    """How documents look. The defaults are the official standard."""

    #: font family named in Word and Excel files (PDFs always embed the bundled Sarabun)
    font: str = "TH SarabunPSK"
    #: body size in points; None = the size that matches TH SarabunPSK 16 pt for ``font``
    font_size: float | None = None
    #: Thai digits for every number in the text (False: Arabic digits)
    thai_digits: bool = True
    #: page margins in centimetres
    margin_left: float = 3.0
    margin_right: float = 2.0
    margin_top: float = 2.5
    margin_bottom: float = 2.0

    @property
    def size(self) -> float:
        """Body size in points for ``font``."""
        if self.font_size is not None:
            return self.font_size
        return MATCHING_SIZE.get(self.font, 16.0)

    @property
    def pdf_size(self) -> float:
        """Body size of the bundled Sarabun in the PDF that matches ``size`` in ``font``."""
        return self.size * MATCHING_SIZE["Sarabun"] / MATCHING_SIZE.get(self.font, MATCHING_SIZE["Sarabun"])


DEFAULT = Settings()
