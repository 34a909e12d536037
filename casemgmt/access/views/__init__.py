"""Web pages for sign-in (`auth`), the signed-in user's account (`account`) and administration (`admin`)."""
