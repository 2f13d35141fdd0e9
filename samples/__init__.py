"""Sample council plan PDFs with known right answers.

``samples.make_samples`` draws synthetic but realistic action-plan PDFs with
reportlab and writes, beside each, the JSON a perfect extractor returns.
"""
