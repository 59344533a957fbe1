# Partial stubs: only the parts of authlib that asana_typed uses.
