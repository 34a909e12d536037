// Replaces GOV.UK Frontend's usual inline snippet (our Content-Security-Policy
// forbids inline script). Load as a classic script, the first child of <body>:
//   <script src="/static/js/js-enabled.js"></script>
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
