"""Thai text: digits, amounts, dates, baht text and word segmentation (``text``), and the PDF
typesetter that breaks, shapes and justifies Thai lines on top of reportlab (``typeset``)."""
