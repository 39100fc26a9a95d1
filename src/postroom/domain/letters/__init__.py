"""Letters: templated letters rendered to PDF (`rendering`), precompiled PDFs validated and
sanitised (`precompiled`), either one's printable PDF (`pdfs`), and the daily print run with its
providers, cancelling and returned letters (`printing`)."""
