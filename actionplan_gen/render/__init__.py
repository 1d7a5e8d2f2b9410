"""Model -> template context -> .docx (docxtpl), and .docx -> PDF through LibreOffice."""
