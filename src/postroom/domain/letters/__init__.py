"""Letters: templated letters rendered to PDF (`rendering`, `templated`), precompiled PDFs
checked and sanitised (`pdf_checks`, `precompiled`), and either one's printable PDF (`pdfs`).
Sending one is `domain.sending`'s; the print run, cancelling and returned letters are
`domain.printing`'s."""
