"""What tests share: factories, the page checks, sign-in helpers, emails, the query counter, the log scan."""
