"""Chinese translations of the inspection draws (双随机一公开) and the rating certificate (msgid -> zh_CN)."""
ZH = {
# draw form
"Period (quarter)": "抽查期间（季度）", "Seed": "随机种子",
"I confirm: the draw is made once for the period, recorded in the audit log and published with its seed; it cannot be repeated or undone.":
    "我确认：每个期间只抽取一次，抽取结果记入审计日志并连同随机种子一并公开，不能重抽或撤销。",
"Confirm the draw first.": "请先确认抽取。", "Enter a quarter like 2026Q4.": "请输入季度，如 2026Q4。",
"This period has already been drawn.": "该期间已抽取过。",
"A seed is required; it is published with the list.": "请填写随机种子；种子将随名单一并公开。",
"Inspection draw %(period)s made: %(num)s wharves.": "已完成 %(period)s 随机抽查：抽中 %(num)s 个码头。",
"New inspection draw": "新建随机抽查",
"The wharves of each grade are drawn at the grade's inspection rate under the rule set in force when the quarter starts, and assigned to the inspectors in turn. Choose the seed in public (for example, announced in advance or drawn at a meeting): it is published with the list so anyone can repeat the draw.":
    "按季度初施行的评价规则，各信用等级的码头按该等级的抽查比例抽取，并依次分配给检查人员。随机种子应公开确定（例如事先公告或在会议上抽取）；种子随名单一并公开，任何人都可以复现抽取结果。",
"A quarter, e.g. 2026Q4. Each quarter is drawn once.": "季度，如 2026Q4。每个季度只抽取一次。",
"Any text up to 64 characters.": "任意文字，最多 64 个字符。", "Draw": "抽取",
# lists and the published draw
"Inspection draws": "随机抽查", "My inspections": "我的抽查任务", "New draw": "新建抽查", "Public page": "公开页面",
"Random inspections (双随机一公开): each quarter the wharves to inspect are drawn per grade from a published seed, and the list is published.":
    "双随机一公开：每季度按信用等级、以公开的随机种子抽取待检查码头，并公开抽查名单。",
"No inspection draw has been made yet.": "尚未进行随机抽查。", "Period": "期间", "Drawn on": "抽取日期",
"Wharves in the pool": "抽查对象数", "Drawn": "抽中数", "Total": "合计", "Inspection rate": "抽查比例",
"Inspection draw %(period)s": "%(period)s 随机抽查", "Wharves drawn": "抽中的码头", "No wharf was drawn.": "未抽中任何码头。",
"Not assigned": "未分配", "Method": "抽取方法", "grade": "等级",
"For each grade, the number of wharves drawn is the grade's inspection rate times the number of wharves pooled under that grade, rounded up. Each wharf is pooled under its latest published grade; wharves never rated are pooled under %(unrated)s.":
    "每个等级抽取的码头数为该等级的抽查比例乘以该等级码头数，向上取整。每个码头按其最近一次公示的等级归入抽查池；从未评价的码头按 %(unrated)s 级处理。",
"The pool of each grade is sorted by wharf id. A pseudo-random generator (Python random.Random) is seeded with the first 8 bytes, read big-endian, of the SHA-256 hash of the text %(text)s, and random.sample picks the wharves from the pool.":
    "各等级的抽查池按码头编号（id）排序。以文本 %(text)s 的 SHA-256 哈希值前 8 个字节（大端序）作为伪随机数生成器（Python random.Random）的种子，再用 random.sample 从抽查池中抽取码头。",
"Anyone can repeat the draw from the seed, the period and the published grades. Rule set %(version)s (SHA-256 %(sha)s).":
    "任何人都可以根据随机种子、期间和公示的等级复现抽取结果。评价规则 %(version)s（SHA-256 %(sha)s）。",
"Wharves drawn for you in the quarters that have started.": "已开始的季度中分配给您的抽查码头。",
"No wharf has been drawn for you.": "暂无分配给您的抽查码头。",
"Random inspection draws": "双随机抽查公示", "Random inspection draw %(period)s": "%(period)s 双随机抽查结果",
"Each quarter the bureau draws the wharves to inspect, per credit grade, from a published seed (双随机一公开). The lists, seeds and method are published here.":
    "交通运输局每季度按信用等级、以公开的随机种子抽取待检查码头（双随机一公开）。抽查名单、随机种子和抽取方法在此公开。",
# certificate
"Rating certificate": "评价证书", "Deqing County Transport Bureau": "德清县交通运输局", "Green wharf credit rating certificate": "绿色码头信用评价证书", "No.": "编号：",
"%(wharf)s has no published rating; no certificate can be issued.": "%(wharf)s 尚无已公示的评价结果，无法出具证书。",
"Use your browser's print command to print this certificate or save it as PDF.": "请使用浏览器的打印功能打印本证书或另存为 PDF。",
"A newer rating of this wharf is provisional; the certificate shows the latest published rating.":
    "该码头有更新的待公示评价结果；证书显示最近一次已公示的评价结果。",
"Rated as of": "评价基准日", "objections until %(date)s": "异议期至 %(date)s", "Issued on %(date)s": "发证日期：%(date)s",
"The grade can be checked on the public list of published grades; the rating can be recomputed from its stored inputs and the rule set with the SHA-256 above.":
    "等级可在公示的信用等级名单中查询；评价结果可由存档的输入数据和上述 SHA-256 对应的评价规则重新计算。",
}
