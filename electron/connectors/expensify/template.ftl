<#-- ml-connector's Expensify export template (sent as the form field "template" of a "file" job with
     outputSettings.fileExtension "json"). It renders strict JSON: every string through ?json_string, every
     number through ?c (the server's number_format is not guaranteed), booleans through ?string("true","false"),
     missing numbers as null, commas through _has_next (works on every FreeMarker 2.3.x). Amounts are integer
     minor units as Expensify sends them (cents; JPY has none). Ids are strings on today's server. -->
{"reports":[
<#list reports as report>
{"reportID":"${report.reportID?json_string}",
"reportName":"${(report.reportName!"")?json_string}",
"policyID":"${(report.policyID!"")?json_string}",
"policyName":"${(report.policyName!"")?json_string}",
"submitterEmail":"${(report.accountEmail!"")?json_string}",
"managerEmail":"${(report.managerEmail!"")?json_string}",
"status":"${(report.status!"")?json_string}",
"created":"${(report.created!"")?json_string}",
"submitted":"${(report.submitted!"")?json_string}",
"approved":"${(report.approved!"")?json_string}",
"reimbursed":"${(report.reimbursed!"")?json_string}",
"currency":"${(report.currency!"")?json_string}",
"total":<#if report.total??>${report.total?c}<#else>null</#if>,
"expenses":[
<#list report.transactionList! as expense>
{"transactionID":"${expense.transactionID?json_string}",
"externalID":"${(expense.externalID!"")?json_string}",
"created":"${(expense.created!"")?json_string}",
"modifiedCreated":"${(expense.modifiedCreated!"")?json_string}",
"merchant":"${(expense.merchant!"")?json_string}",
"modifiedMerchant":"${(expense.modifiedMerchant!"")?json_string}",
"amount":<#if expense.amount??>${expense.amount?c}<#else>null</#if>,
"modifiedAmount":<#if expense.modifiedAmount??>${expense.modifiedAmount?c}<#else>null</#if>,
"convertedAmount":<#if expense.convertedAmount??>${expense.convertedAmount?c}<#else>null</#if>,
"currency":"${(expense.currency!"")?json_string}",
"category":"${(expense.category!"")?json_string}",
"categoryGlCode":"${(expense.categoryGlCode!"")?json_string}",
"tag":"${(expense.tag!"")?json_string}",
"tagGlCode":"${(expense.tagGlCode!"")?json_string}",
"comment":"${(expense.comment!"")?json_string}",
"reimbursable":${(expense.reimbursable!false)?string("true","false")},
"billable":${(expense.billable!false)?string("true","false")}
}<#if expense_has_next>,</#if>
</#list>
]}<#if report_has_next>,</#if>
</#list>
]}
