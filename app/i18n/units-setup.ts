/** Messages of the top of the unit tree (new root, parent above the root) and the unit sheet upload. */
export const unitsSetup = {
  "err.notAtTop": { zh: "只有顶级单位的管理员可以新增顶级单位", en: "Only an administrator at the top of the tree may do this" },
  "err.levelNotAbove": { zh: "新的上级单位的层级必须高于现有顶级单位", en: "The new parent must be at a higher level than the current top unit" },
  "err.parentStartsLater": { zh: "上级单位的设立日期不能晚于现有顶级单位的设立日期", en: "The parent cannot begin after the current top unit" },
  "unitTop.title": { zh: "顶级单位", en: "Top of the tree" },
  "unitTop.link": { zh: "新增顶级单位或上级单位", en: "Add a root or a parent above" },
  "unitTop.current": { zh: "现有顶级单位：{name}", en: "Current top unit: {name}" },
  "unitTop.above": { zh: "在现有顶级单位之上新增上级单位", en: "Add a parent above the current top unit" },
  "unitTop.aboveHint": {
    zh: "例如在县之上新增市、在市之上新增省。现有单位及其全部下级移到新单位之下，历史记录与统计数字随之汇总到新单位；您的账号随之调到新单位。",
    en: "E.g. a city above a county. The current tree moves under it, its records and figures roll up to it; your account moves up to it.",
  },
  "unitTop.aboveSubmit": { zh: "新增上级单位", en: "Add the parent" },
  "unitTop.root": { zh: "新增另一个顶级单位", en: "Add another root" },
  "unitTop.rootHint": {
    zh: "另一棵独立的单位树（例如另一个县），由它自己的管理员管理：请同时填写其第一个管理员，一次性密码只显示一次。",
    en: "A separate tree (another county) with its own administrator: its one-time password is shown once.",
  },
  "unitTop.rootSubmit": { zh: "新增顶级单位", en: "Add the root" },
  "unitTop.adminUsername": { zh: "管理员用户名", en: "Administrator's user name" },
  "unitTop.adminDisplayName": { zh: "管理员姓名", en: "Administrator's name" },
  "unitTop.done.above": { zh: "已新增上级单位，现有单位树已移到其下。", en: "Parent added; the tree now sits under it." },
  "unitTop.rootCreated": {
    zh: "已新增顶级单位“{name}”及其管理员 {username}。一次性密码：{password}（只显示这一次，请转交本人并提醒其登录后修改）",
    en: "Root “{name}” and its administrator {username} added. One-time password: {password} (shown only once)",
  },
  "unitTop.notAtTop": { zh: "您所属的单位不是顶级单位：只有顶级单位的管理员可以新增顶级单位。", en: "Your unit is not a top unit." },
  "unitSheet.title": { zh: "导入单位表", en: "Import a unit sheet" },
  "unitSheet.link": { zh: "导入单位表", en: "Import units" },
  "unitSheet.hint": {
    zh: "XLSX 或 CSV，第一行为列名：单位代码、单位名称、简称、层级、类型、上级代码、设立日期、停用日期。层级与类型填中文名称（如“县（市、区）”“法律援助中心”）；上级代码为系统中已有单位或本表中其他单位的代码；设立日期不填时与上级单位相同。任何一行有错则全部不导入。",
    en: "XLSX or CSV with headers: code, name, short name, level, type, parent code, active from, active to. Any bad row imports nothing.",
  },
  "unitSheet.file": { zh: "单位表文件", en: "File" },
  "unitSheet.submit": { zh: "导入", en: "Import" },
  "unitSheet.done": { zh: "已导入 {count} 个单位。", en: "{count} units imported." },
  "unitSheet.failed": { zh: "未导入任何单位：请改正以下问题后重新上传。", en: "Nothing imported: fix these problems and upload again." },
} as const;
