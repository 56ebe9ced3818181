"""Chinese translations of publication, objections and credit repair: the reviewer's desk, the company's objections and
repair requests, the rating page's status and history (msgid -> zh_CN)."""
ZH = {
# navigation
"Review": "审核", "My requests": "我的申请", "Publication": "公示发布", "Objections": "异议", "Credit repair": "信用修复",
# publication
"Ratings to publish": "待发布的评价结果", "Finalise expired": "公示期满转为正式",
"Make final every published rating whose objection period has ended without an open objection?":
    "将所有公示期已满且无未决异议的评价结果转为正式结果？",
"Provisional ratings that are the latest of their wharf. Publishing opens the objection period; when it ends without an open objection, the rating can be made final.":
    "各码头最新的暂定评价结果。发布后进入公示期；公示期满且无未决异议的，可转为正式结果。",
"No provisional rating waits for publication.": "暂无待发布的评价结果。", "Select": "选择", "Filter": "筛选",
"Publish selected…": "发布所选结果…", "You will be asked to confirm.": "发布前需再次确认。",
"Confirm publication": "确认发布",
"These %(num)s rating(s) will be published. Each company may object until the end of the objection period; published ratings are shown on the public list.":
    "将发布以下 %(num)s 项评价结果。公示期内企业可提出异议；已发布的结果将在公示名单中显示。",
"%(num)s selected rating(s) no longer exist.": "所选结果中有 %(num)s 项已不存在。",
"Publish %(num)s rating(s)": "发布 %(num)s 项评价结果", "Cancel": "取消",
"Select at least one rating to publish.": "请至少选择一项要发布的评价结果。",
"%(num)s rating(s) published; the objection period is open.": "已发布 %(num)s 项评价结果，公示期开始。",
"Rating %(id)s was not published: %(why)s": "评价结果 %(id)s 未发布：%(why)s",
"%(num)s rating(s) became final (objection period ended, no open objection).":
    "%(num)s 项评价结果已转为正式结果（公示期满，无未决异议）。",
"No rule set is in force today: nothing was published.": "今日无生效的评价规则，未发布任何结果。",
"No rule set is in force today: the wharf cannot be rated again.": "今日无生效的评价规则，无法重新评价该码头。",
"Not found.": "未找到。", "Already %(status)s.": "已是“%(status)s”状态。",
# objections (reviewer)
"Objection": "异议", "Filed on": "提出日期", "Rating": "评价结果",
"objection period until %(date)s": "公示期至 %(date)s", "The company's reason": "企业陈述的理由",
"Supporting document": "证明材料", "Open the document": "查看材料", "None": "无", "New rating:": "新的评价结果：",
"Decide": "作出决定", "Reviewer's decision": "审核决定", "Save the decision": "保存决定", "No objection found.": "未找到异议。",
"\"Corrected\" rates the wharf again from the facts on record today and publishes the new rating with a fresh objection period. If the company disputes facts (an assessment value, a safety event), fix them on the wharf record first, then decide.":
    "“予以更正”将按当前登记的事实重新评价该码头，并发布新的评价结果、重新起算公示期。企业对事实（评估数值、安全事件）有异议的，请先在码头档案中更正事实，再作出决定。",
"Open the wharf record": "打开码头档案",
"Upheld: the rating stands": "维持：原评价结果不变",
"Corrected: rate the wharf again from the current facts and publish the new rating":
    "予以更正：按当前事实重新评价并发布新的评价结果",
"Choose upheld or corrected.": "请选择维持或予以更正。",
"Reasons (the company will read them)": "理由（企业可见）",
"Give the reasons for the decision; the company will read them.": "请填写决定理由，企业将看到该理由。",
"Objection decided: corrected. The wharf was rated again (%(grade)s) and the new rating is published until %(date)s.":
    "异议已处理：予以更正。码头已重新评价（%(grade)s），新结果公示至 %(date)s。",
"Objection decided: upheld. The rating stands.": "异议已处理：维持原评价结果。",
"This has already been decided.": "该申请已作出决定。",
"Pending": "待处理", "Upheld": "维持原结果", "Corrected": "已更正", "Accepted": "准予修复", "Refused": "不予修复",
# credit repair (reviewer)
"Credit repair requests": "信用修复申请", "Credit repair request": "信用修复申请", "Requested on": "申请日期",
"Event": "事件", "What the company did": "企业采取的整改措施",
"Penalty decision fulfilled (company's declaration)": "处罚决定已履行（企业声明）",
"Eligibility today": "当前是否符合修复条件",
"The event may be repaired: every condition of the rule set is met.": "符合信用修复条件：规则要求的各项条件均已满足。",
"The event cannot be repaired today:": "目前不符合信用修复条件：",
"Earliest date under the minimum period: %(date)s": "按最短公示期，最早可于 %(date)s 申请",
"Earlier requests for this event": "该事件以往的修复申请", "No repair request found.": "未找到信用修复申请。",
"Approve: the event is marked repaired and no longer counts": "批准：该事件标记为已修复，不再计入评价",
"Refuse: the event keeps counting": "不予批准：该事件继续计入评价",
"Choose approve or refuse.": "请选择批准或不予批准。",
"The event cannot be repaired today; see the reasons above.": "该事件目前不能修复，原因见上方。",
"Repair approved: the event is marked repaired and the wharf was rated again.": "已批准信用修复：事件已标记为已修复，码头已重新评价。",
"Repair refused.": "已作出不予修复的决定。",
# company: objections
"Object to the rating": "对评价结果提出异议", "Reason for the objection": "异议理由",
"Give the reason for the objection.": "请填写异议理由。",
"Supporting document (PDF, JPEG or PNG, optional)": "证明材料（PDF、JPEG 或 PNG，可选）",
"The file is larger than %(size)s MB.": "文件超过 %(size)s MB。",
"Only PDF, JPEG or PNG files are accepted.": "仅接受 PDF、JPEG 或 PNG 文件。",
"Only a published rating can be objected to.": "只能对已公示的评价结果提出异议。",
"The objection period of this rating has ended.": "该评价结果的公示期已结束。",
"An objection to this rating is already open.": "对该评价结果的异议正在处理中。",
"Say which facts or results you dispute and why. A reviewer decides: either the rating stands (upheld), or the disputed facts are corrected and the wharf is rated again (corrected). You will see the decision and its reasons under My requests.":
    "请说明对哪些事实或结果有异议及理由。审核人员将作出决定：维持原评价结果，或更正有争议的事实并重新评价。决定及理由可在“我的申请”中查看。",
"At most %(size)s MB.": "不超过 %(size)s MB。", "File the objection": "提交异议",
"Objection filed. A reviewer will decide it; the decision and its reasons will be shown under My requests.":
    "异议已提交。审核人员作出决定后，决定及理由将在“我的申请”中显示。",
"objections until %(date)s": "异议期至 %(date)s", "You may object until %(date)s.": "可在 %(date)s 前提出异议。",
"Under objection": "异议处理中",
# company: safety events and credit repair
"Adverse events lower the grade while they count. Once the minimum period has passed and the conditions are met (hidden danger rectified, penalty decision fulfilled, no repeat of the same kind), you may ask for credit repair; an approved event stays on record, marked repaired, and no longer counts.":
    "失信行为在计入期间会降低信用等级。最短公示期届满且满足条件（隐患已整改、处罚决定已履行、未再发生同类行为）后，可申请信用修复；修复获批的事件仍保留记录并标记为已修复，不再计入评价。",
"No safety event has been recorded for your wharves.": "贵企业码头尚无安全评价行为记录。",
"Request pending": "申请处理中", "Ask for repair": "申请修复",
"once the penalty decision is fulfilled": "须处罚决定已履行", "Possible from %(date)s": "%(date)s 起可申请",
"Not possible now": "目前不可申请", "Ask for credit repair": "申请信用修复", "Repair is not possible now:": "目前不能申请修复：",
"Events of this kind cannot be repaired.": "此类事件不可信用修复。",
"What was done to correct it": "已采取的整改措施", "Explain what was done to correct it.": "请说明已采取的整改措施。",
"The penalty decision has been fulfilled": "处罚决定已履行完毕",
"Tick when the fine is paid or the decision otherwise carried out; the reviewer checks it.":
    "罚款已缴纳或处罚决定已履行的，请勾选；审核人员将予以核实。",
"Send the request": "提交申请", "A repair request for this event is already open.": "该事件的修复申请正在处理中。",
"Repair request filed. A reviewer will decide it; the decision and its reasons will be shown under My requests.":
    "修复申请已提交。审核人员作出决定后，决定及理由将在“我的申请”中显示。",
# company: my requests; rating page history
"You have filed no objection.": "尚未提出异议。", "Your reason": "申请理由", "Decision and reasons": "决定及理由",
"Waiting for the reviewer": "等待审核", "You have filed no repair request.": "尚未提出信用修复申请。",
"Objections and credit repair": "异议与信用修复", "Objection to the rating of %(date)s": "对 %(date)s 评价结果的异议",
"New rating": "新的评价结果", "Credit repair of: %(kind)s of %(date)s": "信用修复：%(date)s 的%(kind)s",
"No objection or repair request concerns this wharf.": "该码头没有异议或信用修复记录。",
"Select every rating on this page": "选择本页全部评价结果",
}
