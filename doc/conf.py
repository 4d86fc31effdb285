# Sphinx configuration for building the module's documentation on its own,
# as CI does (Debian's python3-sphinx; warnings are errors):
#
#   sphinx-build -W -b html doc /tmp/tls-doc
#
# Inside an ns-3 source tree, ns-3's own doc/models build includes tls.rst
# and does not read this file.
project = "ns-3 tls module"
root_doc = "tls"      # Sphinx >= 4
master_doc = "tls"    # older Sphinx
exclude_patterns = ["*.md"]
