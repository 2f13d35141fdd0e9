"""Reading a page: open the PDF safely, build the page model (chars, rulings, fills),
turn sideways pages upright, drop furniture, check the text layer."""
