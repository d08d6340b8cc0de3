/** Messages of the lifecycle executor (app/models/lifecycle) and of refused steps on the pages. */
export const lifecycle = {
  "lc.done": { zh: "已完成：{step}", en: "Done: {step}" },
  "lc.unsaved": { zh: "您填写的内容未保存，如仍需要请复制后按案件的最新状态处理：", en: "What you entered was not saved; copy it if you still need it:" },
  "lc.refusedStep": { zh: "“{step}”未能保存：{why}", en: "“{step}” was not saved: {why}" },
} as const;
