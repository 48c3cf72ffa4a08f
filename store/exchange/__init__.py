"""Items in and out of Chief (export, import), the file's health (doctor) and the demo day."""
